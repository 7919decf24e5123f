import type { HandoffElement } from '@handoff-graph/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { HandoffStatus, NamedAccount, NextAction, OwnerAssignment, PrimaryContact, ScoringSnapshot } from '../domain/handoff.types';

/** One handoff per qualification, immutable once assembled (the elements as they were at handoff). */
@Entity({ name: 'handoff' })
export class HandoffEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** Unique: a redelivered event never makes a second handoff. */
  @Column({ name: 'qualification_id', type: 'uuid', unique: true })
  qualificationId: string;

  @Column({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ type: 'text' })
  status: HandoffStatus;

  @Column({ name: 'named_account', type: 'jsonb', nullable: true })
  namedAccount: NamedAccount | null;

  @Column({ name: 'primary_contact', type: 'jsonb', nullable: true })
  primaryContact: PrimaryContact | null;

  @Column({ name: 'scoring_snapshot', type: 'jsonb', nullable: true })
  scoringSnapshot: ScoringSnapshot | null;

  @Column({ name: 'next_action', type: 'jsonb', nullable: true })
  nextAction: NextAction | null;

  @Column({ name: 'owner_assignment', type: 'jsonb', nullable: true })
  ownerAssignment: OwnerAssignment | null;

  @Column({ name: 'missing_elements', type: 'text', array: true })
  missingElements: HandoffElement[];

  @Column({ type: 'text', array: true })
  reasons: string[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ name: 'owner_rep_id', type: 'text', nullable: true })
  ownerRepId: string | null;

  /** YYYY-MM-DD. */
  @Column({ name: 'queue_date', type: 'date', nullable: true })
  queueDate: string | null;

  @Column({ name: 'priority_rank', type: 'int', nullable: true })
  priorityRank: number | null;
}
