import type { EntityManager } from 'typeorm';
import type { ContactEngagement } from '../domain/primary-contact';
import { ContactEngagementEntity } from './contact-engagement.entity';

/** Stores one contact-level signal; a signal id seen before changes nothing. */
export async function insertEngagement(m: EntityManager, e: ContactEngagementEntity): Promise<void> {
  await m.query(
    `INSERT INTO contact_engagement (signal_id, account_id, contact_email, signal_type, occurred_at, points, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (signal_id) DO NOTHING`,
    [e.signalId, e.accountId, e.contactEmail, e.signalType, e.occurredAt, e.points, e.detail],
  );
}

/** The account's engagement between `from` and `to` (inclusive); the domain applies the exact window. */
export async function engagementsOfAccount(m: EntityManager, accountId: string, from: Date, to: Date): Promise<ContactEngagement[]> {
  const rows = await m
    .getRepository(ContactEngagementEntity)
    .createQueryBuilder('e')
    .where('e.account_id = :accountId AND e.occurred_at BETWEEN :from AND :to', { accountId, from, to })
    .getMany();
  return rows.map((r) => ({
    signalId: r.signalId,
    contactEmail: r.contactEmail,
    signalType: r.signalType,
    occurredAt: r.occurredAt,
    points: r.points,
    detail: r.detail,
  }));
}
