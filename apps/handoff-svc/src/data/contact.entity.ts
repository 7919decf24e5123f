import type { CommitteeRole } from '@handoff-graph/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The CRM mirror's contact, with its buying-committee role. */
@Entity({ name: 'contact' })
export class ContactEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  /** References account(id): a contact cannot exist without its account. */
  @Column({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  /** Lower-case, unique: engagement is matched to contacts by email. */
  @Column({ type: 'text', unique: true })
  email: string;

  @Column({ name: 'committee_role', type: 'text' })
  committeeRole: CommitteeRole;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
