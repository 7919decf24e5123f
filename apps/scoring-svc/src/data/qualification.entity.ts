import type { ScoringSnapshot } from '@handoff-graph/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { numericTransformer } from './numeric.transformer';

/** One qualification, with the snapshot its account-qualified event carried. */
@Entity({ name: 'qualification' })
@Index('qualification_account', ['accountId', 'qualifiedAt'])
export class QualificationEntity {
  @PrimaryColumn({ name: 'qualification_id', type: 'uuid' })
  qualificationId: string;

  @Column({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ name: 'qualified_at', type: 'timestamptz' })
  qualifiedAt: Date;

  @Column({ name: 'model_version', type: 'text' })
  modelVersion: string;

  @Column({ type: 'numeric', precision: 4, scale: 1, transformer: numericTransformer })
  score: number;

  @Column({ type: 'numeric', transformer: numericTransformer })
  threshold: number;

  @Column({ type: 'jsonb' })
  snapshot: ScoringSnapshot;
}
