import type { HandoffStatus } from '@handoff-graph/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DeferralReason } from '../domain/queue';

/** One lifecycle transition of a handoff, or a feedback event that was ignored (applied = false) with the reason. */
@Entity({ name: 'handoff_transition' })
export class HandoffTransitionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'handoff_id', type: 'uuid' })
  handoffId: string;

  /** Null for the assembly itself (→ CREATED or → INCOMPLETE). */
  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: HandoffStatus | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus: HandoffStatus;

  /** When it happened (the feedback's own time, or the clock's). */
  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'boolean' })
  applied: boolean;

  /** The event type or job that caused it: handoff-accepted, sla-sweep, assembly… */
  @Column({ name: 'cause_type', type: 'text', nullable: true })
  causeType: string | null;

  @Column({ name: 'cause_event_id', type: 'uuid', nullable: true })
  causeEventId: string | null;
}

/** One move of a handoff to a later day's queue (over the cap, or off a day that is no business day). */
@Entity({ name: 'queue_deferral' })
export class QueueDeferralEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'handoff_id', type: 'uuid' })
  handoffId: string;

  @Column({ name: 'owner_rep_id', type: 'text' })
  ownerRepId: string;

  @Column({ name: 'from_date', type: 'date' })
  fromDate: string;

  @Column({ name: 'to_date', type: 'date' })
  toDate: string;

  @Column({ type: 'text' })
  reason: DeferralReason;

  @Column({ name: 'deferred_at', type: 'timestamptz' })
  deferredAt: Date;
}

/** An SLA escalation: to the backup (acceptance missed) or to the team manager (first touch missed). Once per level per owner. */
@Entity({ name: 'handoff_escalation' })
export class HandoffEscalationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'handoff_id', type: 'uuid' })
  handoffId: string;

  @Column({ type: 'text' })
  level: 'BACKUP' | 'MANAGER';

  @Column({ type: 'text' })
  sla: 'ACCEPTANCE' | 'FIRST_TOUCH';

  /** The owner who did not act. */
  @Column({ name: 'from_rep_id', type: 'text' })
  fromRepId: string;

  /** Null: MANAGER level with no manager on file (only sla-breached went out). */
  @Column({ name: 'to_rep_id', type: 'text', nullable: true })
  toRepId: string | null;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'escalated_at', type: 'timestamptz' })
  escalatedAt: Date;

  @Column({ type: 'text' })
  reason: string;
}

/** What an ownership-changed did to a handoff: moved (MOVE_TO_NEW_OWNER) or stayed, with the reason. */
@Entity({ name: 'handoff_reroute' })
export class HandoffRerouteEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'handoff_id', type: 'uuid' })
  handoffId: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text' })
  policy: 'STAY_WITH_OWNER_AT_HANDOFF' | 'MOVE_TO_NEW_OWNER';

  @Column({ name: 'from_owner_rep_id', type: 'text' })
  fromOwnerRepId: string;

  @Column({ name: 'to_owner_rep_id', type: 'text', nullable: true })
  toOwnerRepId: string | null;

  @Column({ type: 'boolean' })
  moved: boolean;

  @Column({ type: 'text' })
  reason: string;

  /** ownership-svc's words for the change. */
  @Column({ name: 'change_reason', type: 'text' })
  changeReason: string;

  @Column({ name: 'map_version', type: 'int' })
  mapVersion: number;

  @Column({ name: 'cause_event_id', type: 'uuid' })
  causeEventId: string;
}
