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

  /** The current owner's name, team and time zone from the RepRef that named them (null if none did). */
  @Column({ name: 'owner_name', type: 'text', nullable: true })
  ownerName: string | null;

  @Column({ name: 'owner_team', type: 'text', nullable: true })
  ownerTeam: string | null;

  @Column({ name: 'owner_time_zone', type: 'text', nullable: true })
  ownerTimeZone: string | null;

  /** Null until handoff-created arrived. */
  @Column({ name: 'territory_id', type: 'text', nullable: true })
  territoryId: string | null;

  @Column({ name: 'territory_name', type: 'text', nullable: true })
  territoryName: string | null;

  @Column({ name: 'model_version', type: 'text', nullable: true })
  modelVersion: string | null;

  /** The SignalType of the scoring snapshot's first contributor. */
  @Column({ name: 'top_contributor', type: 'text', nullable: true })
  topContributor: string | null;

  @Column({ name: 'playbook_rule_id', type: 'text', nullable: true })
  playbookRuleId: string | null;

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
