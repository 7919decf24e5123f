import type { HandoffElement } from '@handoff-graph/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { HandoffStatus, NamedAccount, NextAction, OwnerAssignment, PrimaryContact, ScoringSnapshot } from '../domain/handoff.types';
import type { AccountStage } from '../domain/next-action';

/**
 * One handoff per qualification. The five elements are immutable once assembled (as they were at
 * handoff); the lifecycle status, the queue placement and the current owner (after re-routing) move.
 */
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

  /** The current owner (the owner at handoff until re-routed); whose queue holds it. */
  @Column({ name: 'owner_rep_id', type: 'text', nullable: true })
  ownerRepId: string | null;

  /** The current owner and backup: `ownerAssignment` until a re-route moves the handoff. */
  @Column({ name: 'current_assignment', type: 'jsonb', nullable: true })
  currentAssignment: OwnerAssignment | null;

  /** YYYY-MM-DD. */
  @Column({ name: 'queue_date', type: 'date', nullable: true })
  queueDate: string | null;

  /** score + 0.5 × clamp(trend delta, ±20) + persona fit (domain/queue.ts). */
  @Column({ type: 'double precision', nullable: true })
  priority: number | null;

  /** The business day it was first meant for in its current owner's queue (before deferrals). */
  @Column({ name: 'intended_queue_date', type: 'date', nullable: true })
  intendedQueueDate: string | null;

  /** When it joined its current owner's queue (delivery, or a re-route). */
  @Column({ name: 'queued_at', type: 'timestamptz', nullable: true })
  queuedAt: Date | null;

  @Column({ name: 'status_changed_at', type: 'timestamptz' })
  statusChangedAt: Date;

  @Column({ name: 'playbook_rule_version', type: 'int', nullable: true })
  playbookRuleVersion: number | null;

  @Column({ type: 'text', nullable: true })
  stage: AccountStage | null;
}
