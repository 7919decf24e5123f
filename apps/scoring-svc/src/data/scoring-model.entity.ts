import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numericTransformer } from './numeric.transformer';

/** A version of the scoring model. Exactly one row is active (a partial unique index keeps it so); rows are never edited. */
@Entity({ name: 'scoring_model' })
export class ScoringModelEntity {
  @PrimaryColumn({ type: 'text' })
  version: string;

  @Column({ type: 'numeric', transformer: numericTransformer })
  threshold: number;

  @Column({ name: 'rearm_margin', type: 'numeric', transformer: numericTransformer })
  rearmMargin: number;

  @Column({ name: 'cooldown_days', type: 'numeric', transformer: numericTransformer })
  cooldownDays: number;

  /** Per signal type: { points, halfLifeDays, capPoints, label } (validated by scoringRulesSchema on read). */
  @Column({ type: 'jsonb' })
  rules: unknown;

  /** The firmographic fit rule (fitRuleSchema), or null. */
  @Column({ type: 'jsonb', nullable: true })
  fit: unknown;

  @Column({ type: 'boolean', default: false })
  active: boolean;

  /** When it last became the active version (null: never activated). */
  @Column({ name: 'effective_at', type: 'timestamptz', nullable: true })
  effectiveAt: Date | null;

  @Column({ type: 'text' })
  author: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
