import type { SignalType } from '@handoff-graph/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AccountReferenceKind } from '../domain/matching';

/**
 * A marketing signal as received (a repeated signal_id is not stored twice). It names its account
 * by a reference (ref_kind/ref_value); account_id is null until the reference matches a known
 * account, and counted_at is when it started counting for that account.
 */
@Entity({ name: 'signal' })
@Index('signal_account_occurred', ['accountId', 'occurredAt'])
export class SignalEntity {
  @PrimaryColumn({ name: 'signal_id', type: 'text' })
  signalId: string;

  @Column({ name: 'account_id', type: 'text', nullable: true })
  accountId: string | null;

  @Column({ name: 'ref_kind', type: 'text' })
  refKind: AccountReferenceKind;

  /** The account id, CRM id, domain or contact email the signal named its account by. */
  @Column({ name: 'ref_value', type: 'text' })
  refValue: string;

  /** The domain a DOMAIN or CONTACT_EMAIL reference matches by. */
  @Column({ name: 'ref_domain', type: 'text', nullable: true })
  refDomain: string | null;

  /** The domain and its parents (mail.northwind.example, northwind.example): what an account's domain is looked up in. */
  @Column({ name: 'match_domains', type: 'text', array: true, nullable: true })
  matchDomains: string[] | null;

  @Column({ name: 'counted_at', type: 'timestamptz', nullable: true })
  countedAt: Date | null;

  /** Why it is not matched yet (null once matched). */
  @Column({ name: 'unmatched_reason', type: 'text', nullable: true })
  unmatchedReason: string | null;

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
