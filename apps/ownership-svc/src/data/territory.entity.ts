import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TerritoryMatch } from '../domain/ownership.types';

/** One rule of the ownership map: a match over account attributes, an owner and a backup. */
@Entity({ name: 'territory' })
export class TerritoryEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** Lower wins (conflict rule 3). */
  @Column({ type: 'integer' })
  priority: number;

  /** { regions?, countries?, industries?, minEmployees?, maxEmployees? }; {} is a catch-all. */
  @Column({ type: 'jsonb' })
  match: TerritoryMatch;

  @Column({ name: 'owner_rep_id', type: 'text' })
  ownerRepId: string;

  @Column({ name: 'backup_rep_id', type: 'text' })
  backupRepId: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
