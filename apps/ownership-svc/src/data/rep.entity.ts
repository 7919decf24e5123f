import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RepRole } from '../domain/ownership.types';

/** A named SDR or AE who can own or back up accounts. */
@Entity({ name: 'rep' })
export class RepEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  role: RepRole;

  @Column({ type: 'text' })
  team: string;

  /** IANA time zone. */
  @Column({ type: 'text' })
  timezone: string;

  @Column({ name: 'daily_capacity', type: 'integer' })
  dailyCapacity: number;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
