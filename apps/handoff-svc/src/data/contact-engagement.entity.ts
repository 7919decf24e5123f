import type { SignalType } from '@handoff-graph/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One contact-level signal, from `contact-engaged` (a repeated signal id changes nothing). */
@Entity({ name: 'contact_engagement' })
export class ContactEngagementEntity {
  @PrimaryColumn({ name: 'signal_id', type: 'text' })
  signalId: string;

  @Column({ name: 'account_id', type: 'text' })
  accountId: string;

  /** Lower-case; may name nobody in the mirror (then it does not count). */
  @Column({ name: 'contact_email', type: 'text' })
  contactEmail: string;

  @Column({ name: 'signal_type', type: 'text' })
  signalType: SignalType;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'double precision' })
  points: number;

  @Column({ type: 'text', nullable: true })
  detail: string | null;
}
