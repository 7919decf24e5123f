import type { OwnerAssignment } from '@handoff-graph/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The latest qualification of an account and who its (possibly open) handoff is routed to now:
 * set at the decision, moved by map changes (`ownership-changed`). The map's own answer is kept
 * beside it, since the mid-period policy may keep the handoff with someone the map no longer names.
 */
@Entity({ name: 'account_routing' })
export class AccountRoutingEntity {
  @PrimaryColumn({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ name: 'qualification_id', type: 'uuid' })
  qualificationId: string;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt: Date;

  /** What the open handoff carries (null: nobody — unresolved). */
  @Column({ type: 'jsonb', nullable: true })
  routed: OwnerAssignment | null;

  @Column({ name: 'map_owner_rep_id', type: 'text', nullable: true })
  mapOwnerRepId: string | null;

  @Column({ name: 'map_backup_rep_id', type: 'text', nullable: true })
  mapBackupRepId: string | null;

  @Column({ name: 'map_territory_id', type: 'text', nullable: true })
  mapTerritoryId: string | null;

  @Column({ name: 'map_version', type: 'integer' })
  mapVersion: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One `ownership-changed` this service published: an in-flight account a map change moved. */
@Entity({ name: 'ownership_move' })
export class OwnershipMoveEntity {
  /** The `ownership-changed` event id. */
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'map_version', type: 'integer' })
  mapVersion: number;

  @Column({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ name: 'qualification_id', type: 'uuid' })
  qualificationId: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;

  @Column({ type: 'jsonb', nullable: true })
  previous: OwnerAssignment | null;

  @Column({ type: 'jsonb', nullable: true })
  current: OwnerAssignment | null;

  /** The mid-period rule that applied (NEWLY_RESOLVED, SAME_OWNER, OWNER_AWAY_COVER, MOVED, STAYED, …). */
  @Column({ type: 'text' })
  rule: string;

  @Column({ type: 'text' })
  policy: string;

  @Column({ type: 'text' })
  reason: string;
}
