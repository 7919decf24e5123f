import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** feedback-svc's projection of a handoff (see domain/handoff-record.ts), from handoff-created and handoff-delivered. */
@Entity({ name: 'handoff_record' })
@Index('handoff_record_delivered_at', ['deliveredAt'], { where: 'delivered_at IS NOT NULL' })
export class HandoffRecordEntity {
  @PrimaryColumn({ name: 'handoff_id', type: 'uuid' })
  handoffId: string;

  @Column({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ name: 'owner_rep_id', type: 'text' })
  ownerRepId: string;

  @Column({ name: 'backup_rep_id', type: 'text' })
  backupRepId: string;

  /** Null until handoff-created arrived. */
  @Column({ name: 'territory_id', type: 'text', nullable: true })
  territoryId: string | null;

  @Column({ name: 'model_version', type: 'text', nullable: true })
  modelVersion: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', nullable: true })
  createdAt: Date | null;

  /** Null until handoff-delivered arrived. */
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ name: 'queue_date', type: 'date', nullable: true })
  queueDate: string | null;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;
}
