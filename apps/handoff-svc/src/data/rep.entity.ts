import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A rep's profile as ownership-svc publishes it (rep-upserted); the newest `updatedAt` wins. */
@Entity({ name: 'rep' })
export class RepEntity {
  @PrimaryColumn({ name: 'rep_id', type: 'text' })
  repId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  role: 'SDR' | 'AE' | 'MANAGER';

  @Column({ type: 'text' })
  team: string;

  /** IANA time zone, e.g. Europe/Berlin. */
  @Column({ type: 'text' })
  timezone: string;

  /** ISO weekdays, 1 = Monday. */
  @Column({ name: 'working_days', type: 'int', array: true })
  workingDays: number[];

  /** HH:MM local. */
  @Column({ name: 'working_start', type: 'text' })
  workingStart: string;

  @Column({ name: 'working_end', type: 'text' })
  workingEnd: string;

  @Column({ name: 'daily_capacity', type: 'int' })
  dailyCapacity: number;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ name: 'manager_rep_id', type: 'text', nullable: true })
  managerRepId: string | null;

  /** [{ from, to }] ISO instants. */
  @Column({ name: 'out_of_office', type: 'jsonb' })
  outOfOffice: { from: string; to: string }[];

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}
