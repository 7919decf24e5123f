import type { Firmographics } from '@handoff-graph/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What ownership knows of an account: projected from `account-upserted` (newest updatedAt wins). */
@Entity({ name: 'account_profile' })
export class AccountProfileEntity {
  @PrimaryColumn({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  domain: string;

  @Column({ type: 'jsonb' })
  firmographics: Firmographics;

  /** The CRM mirror's updatedAt of the projected version. */
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
