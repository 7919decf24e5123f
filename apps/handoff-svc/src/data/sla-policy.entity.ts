import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The one SLA policy ops own (row id 1). */
@Entity({ name: 'sla_policy' })
export class SlaPolicyEntity {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  @Column({ name: 'acceptance_window_minutes', type: 'int' })
  acceptanceWindowMinutes: number;

  @Column({ name: 'expire_after_business_days', type: 'int' })
  expireAfterBusinessDays: number;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
