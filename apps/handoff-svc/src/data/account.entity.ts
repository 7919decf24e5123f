import type { Firmographics } from '@handoff-graph/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The CRM mirror's account: kept in sync by upsertAccount and the CRM connector's crm-changes topic. */
@Entity({ name: 'account' })
export class AccountEntity {
  /** The account id every service uses (e.g. `acc-northwind`). */
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'crm_id', type: 'text', unique: true })
  crmId: string;

  @Column({ type: 'text' })
  name: string;

  /** Lower-case web domain, unique across accounts. */
  @Column({ type: 'text', unique: true })
  domain: string;

  @Column({ type: 'jsonb' })
  firmographics: Firmographics;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
