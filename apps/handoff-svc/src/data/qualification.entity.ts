import type { ScoringSnapshot } from '@handoff-graph/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An `account-qualified` event, kept until (and after) its handoff is assembled. */
@Entity({ name: 'qualification' })
export class QualificationEntity {
  @PrimaryColumn({ name: 'qualification_id', type: 'uuid' })
  qualificationId: string;

  @Column({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ name: 'qualified_at', type: 'timestamptz' })
  qualifiedAt: Date;

  /** Stored exactly as scoring-svc sent it. */
  @Column({ name: 'scoring_snapshot', type: 'jsonb' })
  scoringSnapshot: ScoringSnapshot;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  /** Carried onto the handoff events, so one qualification's story shares one correlation id. */
  @Column({ name: 'correlation_id', type: 'text' })
  correlationId: string;
}
