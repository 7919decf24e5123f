import type { RejectionReason } from '@handoff-graph/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A rep's verdict from feedback-events: a meeting booked, or a handoff rejected with its reason. */
@Entity({ name: 'feedback_outcome' })
@Index('feedback_outcome_at', ['at'])
export class FeedbackOutcomeEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'text' })
  kind: 'MEETING_BOOKED' | 'HANDOFF_REJECTED';

  @Column({ name: 'handoff_id', type: 'uuid' })
  handoffId: string;

  @Column({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text', nullable: true })
  reason: RejectionReason | null;
}
