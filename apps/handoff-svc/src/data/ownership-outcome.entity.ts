import type { OwnerAssignment } from '@handoff-graph/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `ownership-resolved` (owner_assignment) or `ownership-unresolved` (unresolved_reason) for a qualification. */
@Entity({ name: 'ownership_outcome' })
export class OwnershipOutcomeEntity {
  @PrimaryColumn({ name: 'qualification_id', type: 'uuid' })
  qualificationId: string;

  @Column({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ name: 'resolved_at', type: 'timestamptz' })
  resolvedAt: Date;

  @Column({ name: 'owner_assignment', type: 'jsonb', nullable: true })
  ownerAssignment: OwnerAssignment | null;

  @Column({ name: 'unresolved_reason', type: 'text', nullable: true })
  unresolvedReason: string | null;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;
}
