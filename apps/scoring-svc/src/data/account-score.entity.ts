import type { ScoringSnapshot } from '@handoff-graph/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numericTransformer } from './numeric.transformer';

/** An account's score as of its last signal, and whether it is qualified (the hysteresis state). */
@Entity({ name: 'account_score' })
export class AccountScoreEntity {
  @PrimaryColumn({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ type: 'numeric', precision: 4, scale: 1, transformer: numericTransformer })
  score: number;

  @Column({ type: 'boolean', default: false })
  qualified: boolean;

  @Column({ name: 'qualified_at', type: 'timestamptz', nullable: true })
  qualifiedAt: Date | null;

  @Column({ name: 'last_qualification_id', type: 'uuid', nullable: true })
  lastQualificationId: string | null;

  /** The snapshot computed with `score` (null when no signal counted at computed_at). */
  @Column({ type: 'jsonb', nullable: true })
  snapshot: ScoringSnapshot | null;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;
}
