import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The owner and backup decided for one qualification, as published in `ownership-resolved`. */
@Entity({ name: 'owner_assignment' })
export class OwnerAssignmentEntity {
  @PrimaryColumn({ name: 'qualification_id', type: 'uuid' })
  qualificationId: string;

  @Column({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ name: 'owner_rep_id', type: 'text' })
  ownerRepId: string;

  @Column({ name: 'backup_rep_id', type: 'text' })
  backupRepId: string;

  @Column({ name: 'territory_id', type: 'text' })
  territoryId: string;

  /** The territory's name at decision time (the explanation quotes it). */
  @Column({ name: 'territory_name', type: 'text' })
  territoryName: string;

  @Column({ type: 'text' })
  explanation: string;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt: Date;

  /** The map version the decision read (null: decided before the map was versioned). */
  @Column({ name: 'map_version', type: 'integer', nullable: true })
  mapVersion: number | null;

  /** NAMED_ACCOUNT, ONLY_MATCH, MOST_SPECIFIC, PRIORITY or TERRITORY_ID. */
  @Column({ name: 'deciding_rule', type: 'text', nullable: true })
  decidingRule: string | null;

  /** The cover rule that named the people (BACKUP_REPLACED, BACKUP_ACTS_AS_OWNER, ESCALATION_OWNER_ACTS), null when none. */
  @Column({ type: 'text', nullable: true })
  cover: string | null;
}
