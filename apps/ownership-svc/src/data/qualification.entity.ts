import { Column, Entity, PrimaryColumn } from 'typeorm';

export const QUALIFICATION_STATUSES = ['PENDING_ACCOUNT', 'RESOLVED', 'UNRESOLVED'] as const;
export type QualificationStatus = (typeof QUALIFICATION_STATUSES)[number];

/**
 * An `account-qualified` this service has to answer, once. PENDING_ACCOUNT waits for the account's
 * profile; the causation ids let the outcome event be `causedBy` the qualification event whenever it is decided.
 */
@Entity({ name: 'qualification' })
export class QualificationEntity {
  @PrimaryColumn({ name: 'qualification_id', type: 'uuid' })
  qualificationId: string;

  @Column({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ name: 'qualified_at', type: 'timestamptz' })
  qualifiedAt: Date;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ type: 'text' })
  status: QualificationStatus;

  /** The `account-qualified` event id. */
  @Column({ name: 'causation_event_id', type: 'uuid' })
  causationEventId: string;

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId: string;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** Why nobody could be named (status UNRESOLVED). */
  @Column({ name: 'unresolved_reason', type: 'text', nullable: true })
  unresolvedReason: string | null;
}
