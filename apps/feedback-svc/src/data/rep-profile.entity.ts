import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The latest `rep-upserted` per rep: what the first-business-day share reads (working days, hours, time zone). */
@Entity({ name: 'rep_profile' })
export class RepProfileEntity {
  @PrimaryColumn({ name: 'rep_id', type: 'text' })
  repId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  team: string;

  /** IANA time zone. */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  @Column({ name: 'working_days', type: 'smallint', array: true })
  workingDays: number[];

  /** HH:MM */
  @Column({ name: 'working_start', type: 'text' })
  workingStart: string;

  @Column({ name: 'working_end', type: 'text' })
  workingEnd: string;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
