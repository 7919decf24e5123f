import type { EntityManager } from 'typeorm';
import type { ContactEngagementEntity } from './contact-engagement.entity';

/** Stores one contact-level signal; a signal id seen before changes nothing. */
export async function insertEngagement(m: EntityManager, e: ContactEngagementEntity): Promise<void> {
  await m.query(
    `INSERT INTO contact_engagement (signal_id, account_id, contact_email, signal_type, occurred_at, points, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (signal_id) DO NOTHING`,
    [e.signalId, e.accountId, e.contactEmail, e.signalType, e.occurredAt, e.points, e.detail],
  );
}

