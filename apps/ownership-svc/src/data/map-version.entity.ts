import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One change of the ownership map: numbered, who, when and what (in words). */
@Entity({ name: 'map_version' })
export class MapVersionEntity {
  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;

  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text' })
  change: string;
}

export const REVISION_KINDS = ['REP', 'TERRITORY', 'SETTINGS'] as const;
export type RevisionKind = (typeof REVISION_KINDS)[number];

/** The full state of one rep, territory or the settings as a map version left it (null data: retired). */
@Entity({ name: 'map_revision' })
export class MapRevisionEntity {
  @PrimaryColumn({ type: 'text' })
  kind: RevisionKind;

  @PrimaryColumn({ name: 'entity_id', type: 'text' })
  entityId: string;

  @PrimaryColumn({ name: 'map_version', type: 'integer' })
  mapVersion: number;

  @Column({ type: 'jsonb', nullable: true })
  data: Record<string, unknown> | null;
}

/** The current named-account lists: one list per account (the primary key says so). */
@Entity({ name: 'named_account' })
export class NamedAccountEntity {
  @PrimaryColumn({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ name: 'territory_id', type: 'text' })
  territoryId: string;
}

/** The written conflict-rule order, the mid-period policy and the in-flight window (one row). */
@Entity({ name: 'ownership_settings' })
export class OwnershipSettingsEntity {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  @Column({ name: 'conflict_rules', type: 'text', array: true })
  conflictRules: string[];

  @Column({ name: 'mid_period_policy', type: 'text' })
  midPeriodPolicy: string;

  @Column({ name: 'in_flight_days', type: 'integer' })
  inFlightDays: number;

  @Column({ name: 'map_version', type: 'integer' })
  mapVersion: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy: string;

  /** Up to when the cover sweep has re-routed for out-of-office periods starting or ending (null: never ran). */
  @Column({ name: 'cover_checked_at', type: 'timestamptz', nullable: true })
  coverCheckedAt: Date | null;
}
