import { enqueueEvents } from '@handoff-graph/data';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { applySignal } from '../domain/apply-signal';
import type { QualificationState } from '../domain/qualification';
import { SNAPSHOT_HISTORY_DAYS, score, scoringSnapshot } from '../domain/score';
import { fromSignalReceived, type ScoringSignal, type SignalReceived } from '../domain/signal';
import { DAY_MS } from '../domain/time';
import { findAccountScore, lockAccountForScoring, saveAccountScore } from '../data/account-score.repository';
import type { AccountScoreEntity } from '../data/account-score.entity';
import { findActiveModel } from '../data/scoring-model.repository';
import { findAccountSignals, insertSignalIfNew } from '../data/signal.repository';
import { accountQualifiedEvent, contactEngagedEvent, type EventOrigin } from '../events/scoring-events.producer';

export type SignalStatus = 'ACCEPTED' | 'DUPLICATE';

/** An account whose score this batch changed. */
export interface AccountScoreUpdate {
  accountId: string;
  score: number;
  qualified: boolean;
  /** Set when this batch qualified the account (one account-qualified was enqueued). */
  qualificationId: string | null;
}

export interface RecordSignalsOutcome {
  /** One per input signal, in input order. */
  statuses: SignalStatus[];
  accounts: AccountScoreUpdate[];
}

interface AccountWork {
  row: AccountScoreEntity | null;
  signals: ScoringSignal[];
  state: QualificationState;
  changed: boolean;
  qualificationId: string | null;
}

/**
 * The one ingest path (recordSignals and the `signals` topic), inside the caller's transaction.
 * Signals must already satisfy the signal-received contract. In input order, for each signal:
 * store it (a known signal id is a DUPLICATE and changes nothing); if it names a contact, enqueue
 * `contact-engaged`; rescore the account at `now` from its stored signals; if that qualifies it,
 * enqueue `account-qualified` — so a contact-engaged is always enqueued before the qualification
 * it led to. Each changed account's row is written once at the end with its final score and snapshot.
 */
export async function recordSignals(manager: EntityManager, signals: SignalReceived[], origin: EventOrigin): Promise<RecordSignalsOutcome> {
  const { now } = origin;
  const model = await findActiveModel(manager);
  const historyStart = new Date(now.getTime() - SNAPSHOT_HISTORY_DAYS * DAY_MS);

  const accounts = new Map<string, AccountWork>();
  for (const accountId of [...new Set(signals.map((s) => s.accountId))].sort()) {
    await lockAccountForScoring(manager, accountId);
    const row = await findAccountScore(manager, accountId);
    accounts.set(accountId, {
      row,
      signals: await findAccountSignals(manager, accountId, historyStart),
      state: { qualified: row?.qualified ?? false },
      changed: false,
      qualificationId: null,
    });
  }

  const statuses: SignalStatus[] = [];
  for (const signal of signals) {
    if (!(await insertSignalIfNew(manager, signal, now))) {
      statuses.push('DUPLICATE');
      continue;
    }
    statuses.push('ACCEPTED');
    const account = accounts.get(signal.accountId)!;
    const outcome = applySignal(account.signals, fromSignalReceived(signal), account.state, model, now);
    account.signals = outcome.signals;
    account.state = outcome.state;
    account.changed = true;

    if (signal.contactEmail !== null) {
      await enqueueEvents(manager, [contactEngagedEvent({ ...signal, contactEmail: signal.contactEmail }, model.rules[signal.signalType].points, origin)]);
    }
    if (outcome.qualified) {
      // Score ≥ threshold > 0, so at least one signal counts and the snapshot exists.
      const snapshot = scoringSnapshot(account.signals, model, now)!;
      account.qualificationId = randomUUID();
      await enqueueEvents(manager, [
        accountQualifiedEvent({ qualificationId: account.qualificationId, accountId: signal.accountId, snapshot }, origin),
      ]);
    }
  }

  const updates: AccountScoreUpdate[] = [];
  for (const [accountId, account] of accounts) {
    if (!account.changed) continue;
    const current = score(account.signals, model, now);
    await saveAccountScore(manager, {
      accountId,
      score: current,
      qualified: account.state.qualified,
      qualifiedAt: account.qualificationId ? now : (account.row?.qualifiedAt ?? null),
      lastQualificationId: account.qualificationId ?? account.row?.lastQualificationId ?? null,
      snapshot: scoringSnapshot(account.signals, model, now),
      computedAt: now,
    });
    updates.push({ accountId, score: current, qualified: account.state.qualified, qualificationId: account.qualificationId });
  }
  return { statuses, accounts: updates };
}
