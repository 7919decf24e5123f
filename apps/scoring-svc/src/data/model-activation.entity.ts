import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The audit trail of model activations: who made which version active, when and why. Append-only. */
@Entity({ name: 'model_activation' })
@Index('model_activation_at', ['activatedAt', 'seq'])
export class ModelActivationEntity {
  @PrimaryColumn({ name: 'activation_id', type: 'uuid' })
  activationId: string;

  /** Orders activations made in the same instant. */
  @Column({ type: 'bigint', generated: 'increment', unique: true })
  seq: string;

  @Column({ type: 'text' })
  version: string;

  @Column({ name: 'previous_version', type: 'text', nullable: true })
  previousVersion: string | null;

  @Column({ name: 'activated_at', type: 'timestamptz' })
  activatedAt: Date;

  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text' })
  reason: string;
}
