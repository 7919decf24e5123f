import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TerritoryMatch } from '../domain/ownership.types';

/**
 * One entry of the current ownership map: a rule territory (match over account attributes) or a
 * named-account list (`named_account` rows); owner, backup and escalation owner. A retired territory
 * keeps its row (past decisions reference it) with `retired_at` set. History: `map_revision` kind TERRITORY.
 */
@Entity({ name: 'territory' })
export class TerritoryEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** Lower wins (the PRIORITY conflict rule). */
  @Column({ type: 'integer' })
  priority: number;

  /** { regions?, countries?, industries?, minEmployees?, maxEmployees?, minRevenueUsd?, maxRevenueUsd? }; {} is a catch-all. */
  @Column({ type: 'jsonb' })
  match: TerritoryMatch;

  @Column({ name: 'owner_rep_id', type: 'text' })
  ownerRepId: string;

  @Column({ name: 'backup_rep_id', type: 'text' })
  backupRepId: string;

  /** Acts as owner when owner and backup are both away (null: the owner's manager). */
  @Column({ name: 'escalation_rep_id', type: 'text', nullable: true })
  escalationRepId: string | null;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  /** The map version that last changed it. */
  @Column({ name: 'map_version', type: 'integer' })
  mapVersion: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
