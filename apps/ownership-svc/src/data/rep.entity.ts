import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OutOfOfficePeriod, RepRole } from '../domain/ownership.types';

/** A named SDR, AE or MANAGER, as the current map has it (history: `map_revision` kind REP). */
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

  /** ISO weekdays, 1 = Monday. */
  @Column({ name: 'working_days', type: 'smallint', array: true })
  workingDays: number[];

  /** HH:MM in the rep's time zone. */
  @Column({ name: 'working_hours_start', type: 'text' })
  workingHoursStart: string;

  @Column({ name: 'working_hours_end', type: 'text' })
  workingHoursEnd: string;

  /** The MANAGER who receives this rep's escalations. */
  @Column({ name: 'manager_rep_id', type: 'text', nullable: true })
  managerRepId: string | null;

  /** [{ id, from, to, note }], ordered by `from`. */
  @Column({ name: 'out_of_office', type: 'jsonb' })
  outOfOffice: OutOfOfficePeriod[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
