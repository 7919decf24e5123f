import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numericTransformer } from './numeric.transformer';

/** A version of the scoring model. Exactly one row is active (a partial unique index keeps it so). */
@Entity({ name: 'scoring_model' })
export class ScoringModelEntity {
  @PrimaryColumn({ type: 'text' })
  version: string;

  @Column({ type: 'numeric', transformer: numericTransformer })
  threshold: number;

  @Column({ name: 'rearm_margin', type: 'numeric', transformer: numericTransformer })
  rearmMargin: number;

  /** Per signal type: { points, halfLifeDays, capPoints, label } (validated by scoringRulesSchema on read). */
  @Column({ type: 'jsonb' })
  rules: unknown;

  @Column({ type: 'boolean', default: false })
  active: boolean;

  @Column({ name: 'effective_at', type: 'timestamptz' })
  effectiveAt: Date;

  @Column({ type: 'text' })
  author: string;
}
