import type { Firmographics } from '@handoff-graph/contracts';
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** An account as the CRM mirror last announced it (account-upserted): for matching signals and for fit. */
@Entity({ name: 'account_directory' })
export class AccountDirectoryEntity {
  @PrimaryColumn({ name: 'account_id', type: 'text' })
  accountId: string;

  @Index('account_directory_crm_id')
  @Column({ name: 'crm_id', type: 'text' })
  crmId: string;

  @Index('account_directory_domain')
  @Column({ type: 'text' })
  domain: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'jsonb' })
  firmographics: Firmographics;

  /** The CRM mirror's updatedAt (an older announcement arriving late is ignored). */
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** When scoring-svc applied it. */
  @Column({ name: 'applied_at', type: 'timestamptz' })
  appliedAt: Date;
}

/** Every change to an account's directory entry, by when scoring-svc applied it: replay reads the firmographics known at as-of. */
@Entity({ name: 'account_directory_change' })
@Index('account_directory_change_account', ['accountId', 'appliedAt'])
export class AccountDirectoryChangeEntity {
  @PrimaryGeneratedColumn({ name: 'change_id', type: 'bigint' })
  changeId: string;

  @Column({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ name: 'applied_at', type: 'timestamptz' })
  appliedAt: Date;

  @Column({ name: 'crm_id', type: 'text' })
  crmId: string;

  @Column({ type: 'text' })
  domain: string;

  @Column({ type: 'jsonb' })
  firmographics: Firmographics;
}
