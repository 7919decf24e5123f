import type { EntityManager } from 'typeorm';
import type { ContactEngagementEntity } from './contact-engagement.entity';

/** Stores contact-level signals in one statement; a signal id seen before changes nothing. */
export async function insertEngagements(m: EntityManager, es: ContactEngagementEntity[]): Promise<void> {
  await m.query(
    `INSERT INTO contact_engagement (signal_id, account_id, contact_email, signal_type, occurred_at, points, detail)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::float8[], $7::text[])
     ON CONFLICT (signal_id) DO NOTHING`,
    [
      es.map((e) => e.signalId),
      es.map((e) => e.accountId),
      es.map((e) => e.contactEmail),
      es.map((e) => e.signalType),
      es.map((e) => e.occurredAt),
      es.map((e) => e.points),
      es.map((e) => e.detail),
    ],
  );
}

