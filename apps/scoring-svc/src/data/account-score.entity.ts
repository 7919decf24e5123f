import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numericTransformer } from './numeric.transformer';

/**
 * An account's score as of its last evaluation, whether it is qualified (the hysteresis state) and
 * when it last qualified (the cooldown), and the window its aggregates (account_signal_aggregate)
 * cover under which model version.
 */
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

  /** The model version the aggregates were built under (null: none yet; rebuilt when it differs from the active one). */
  @Column({ name: 'model_version', type: 'text', nullable: true })
  modelVersion: string | null;

  @Column({ name: 'window_from', type: 'timestamptz', nullable: true })
  windowFrom: Date | null;

  @Column({ name: 'window_to', type: 'timestamptz', nullable: true })
  windowTo: Date | null;

  /** The fit points in `score`. */
  @Column({ name: 'fit_points', type: 'double precision' })
  fitPoints: number;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;
}
