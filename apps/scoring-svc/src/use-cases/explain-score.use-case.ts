import type { ScoringSnapshot } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import { SNAPSHOT_HISTORY_DAYS, scoringSnapshot } from '../domain/score';
import { DAY_MS } from '../domain/time';
import { findActiveModel } from '../data/scoring-model.repository';
import { findAccountSignals } from '../data/signal.repository';

/** The account's snapshot at `now` under the active model, from its stored signals (null when none counts). */
export async function currentSnapshot(manager: EntityManager, accountId: string, now: Date): Promise<ScoringSnapshot | null> {
  const model = await findActiveModel(manager);
  const signals = await findAccountSignals(manager, accountId, new Date(now.getTime() - SNAPSHOT_HISTORY_DAYS * DAY_MS));
  return scoringSnapshot(signals, model, now);
}
