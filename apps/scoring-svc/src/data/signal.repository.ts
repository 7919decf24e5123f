import type { ScoringSignal, SignalReceived } from '../domain/signal';
import { MoreThanOrEqual, type EntityManager } from 'typeorm';
import { SignalEntity } from './signal.entity';

/** Stores a signal unless its id is already there. True when it was new. */
export async function insertSignalIfNew(manager: EntityManager, signal: SignalReceived, receivedAt: Date): Promise<boolean> {
  const inserted: unknown[] = await manager.query(
    `INSERT INTO signal (signal_id, account_id, contact_email, signal_type, occurred_at, source, detail, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (signal_id) DO NOTHING
     RETURNING signal_id`,
    [
      signal.signalId,
      signal.accountId,
      signal.contactEmail,
      signal.signalType,
      new Date(signal.occurredAt),
      signal.source,
      signal.detail,
      receivedAt,
    ],
  );
  return inserted.length === 1;
}

/** An account's signals that occurred at or after `since` (later ones included), oldest first. */
export async function findAccountSignals(manager: EntityManager, accountId: string, since: Date): Promise<ScoringSignal[]> {
  const rows = await manager.find(SignalEntity, {
    where: { accountId, occurredAt: MoreThanOrEqual(since) },
    order: { occurredAt: 'ASC', signalId: 'ASC' },
  });
  return rows.map(toScoringSignal);
}

export function toScoringSignal(row: SignalEntity): ScoringSignal {
  return {
    signalId: row.signalId,
    signalType: row.signalType,
    occurredAt: row.occurredAt,
    source: row.source,
    detail: row.detail,
    contactEmail: row.contactEmail,
  };
}
