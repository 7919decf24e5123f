import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One piece of rep feedback; partial unique indexes keep at most one of each kind per handoff. */
@Entity({ name: 'feedback' })
@Index('feedback_by_handoff', ['handoffId', 'at'])
export class FeedbackEntity {
  @PrimaryColumn({ name: 'feedback_id', type: 'uuid' })
  feedbackId: string;

  @Column({ name: 'handoff_id', type: 'uuid' })
  handoffId: string;

  /** ACCEPTED | REJECTED | FIRST_TOUCH | MEETING_BOOKED */
  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'rep_id', type: 'text' })
  repId: string;

  /** A RejectionReason, REJECTED only. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** A TouchChannel, FIRST_TOUCH only. */
  @Column({ type: 'text', nullable: true })
  channel: string | null;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  /** The verified subject that recorded it (the rep, or an ops user for the rep); null before issue 7. */
  @Column({ name: 'recorded_by', type: 'text', nullable: true })
  recordedBy: string | null;
}
