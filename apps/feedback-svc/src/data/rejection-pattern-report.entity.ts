import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The one published rejection-pattern report per ISO week (what went out on feedback-events). */
@Entity({ name: 'rejection_pattern_report' })
export class RejectionPatternReportEntity {
  @PrimaryColumn({ type: 'text' })
  week: string;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Column({ name: 'generated_at', type: 'timestamptz' })
  generatedAt: Date;

  @Column({ name: 'delivered_count', type: 'integer' })
  deliveredCount: number;

  @Column({ name: 'rejected_count', type: 'integer' })
  rejectedCount: number;

  /** RejectionPattern[] (domain/rejection-patterns.ts), as published plus each value's counts. */
  @Column({ type: 'jsonb' })
  patterns: unknown;

  /** The rejection-pattern-reported event's id. */
  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  /** SCHEDULE (the background job) or OPS (the mutation). */
  @Column({ name: 'published_by', type: 'text' })
  publishedBy: string;

  /** The ops user who published it with the mutation (the verified subject); null for SCHEDULE. */
  @Column({ name: 'published_by_subject', type: 'text', nullable: true })
  publishedBySubject: string | null;
}
