import type { SignalType } from '@handoff-graph/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A marketing signal as received (a repeated signal_id is not stored twice). */
@Entity({ name: 'signal' })
@Index('signal_account_occurred', ['accountId', 'occurredAt'])
export class SignalEntity {
  @PrimaryColumn({ name: 'signal_id', type: 'text' })
  signalId: string;

  @Column({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ name: 'contact_email', type: 'text', nullable: true })
  contactEmail: string | null;

  @Column({ name: 'signal_type', type: 'text' })
  signalType: SignalType;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'text', nullable: true })
  detail: string | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}
