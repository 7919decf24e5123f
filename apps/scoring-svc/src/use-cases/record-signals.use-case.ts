import type { EntityManager } from 'typeorm';
import { resolveAccount, type AccountReferenceKind, type MatchResult } from '../domain/matching';
import { toScoringSignal, type IncomingSignal, type ScoringSignal } from '../domain/signal';
import { findDirectoryCandidates, lockDirectory } from '../data/account-directory.repository';
import { lockAccountsForScoring, lockModelAndAccountsForScoring } from '../data/account-score.repository';
import { lockModelActivation } from '../data/scoring-model.repository';
import type { SignalPlacement } from '../data/signal.repository';
import type { EventOrigin } from '../events/scoring-events.producer';
import { countForAccounts, prepareAccounts, type AccountScoreUpdate } from './account-scoring';

export type SignalStatus = 'ACCEPTED' | 'UNMATCHED' | 'DUPLICATE';

/** What happened to one signal. */
export interface SignalOutcome {
  status: SignalStatus;
  /** The account it counts for (ACCEPTED). */
  accountId: string | null;
  matchedBy: AccountReferenceKind | null;
  /** Why no account matched (UNMATCHED). */
  unmatchedReason: string | null;
}

export interface RecordSignalsOutcome {
  /** One per input signal, in input order. */
  outcomes: SignalOutcome[];
  accounts: AccountScoreUpdate[];
}

/**
 * The one ingest path (recordSignals and the `signals` topic), inside the caller's transaction.
 * Signals must already be valid. Each is matched to its account (an account id as given; a CRM
 * id, domain or contact email through the account directory); a signal that matches no known
 * account is stored UNMATCHED and counted when account-upserted makes its account known. A signal
 * id already stored — or repeated within the batch — is a DUPLICATE and changes nothing. Each
 * account's new signals are counted at one instant (the clock's now): contact-engaged per signal
 * naming a contact, then account-qualified if the account qualified.
 */
export async function recordSignals(manager: EntityManager, signals: IncomingSignal[], origin: EventOrigin): Promise<RecordSignalsOutcome> {
  const { now } = origin;
  const byIdOnly = signals.every((s) => s.reference.kind === 'ACCOUNT_ID');
  if (byIdOnly) {
    // Every account is known before anything is read (the Kafka path): the activation lock and the account locks in one statement.
    await lockModelAndAccountsForScoring(manager, signals.flatMap((s) => (s.reference.kind === 'ACCOUNT_ID' ? [s.reference.accountId] : [])));
  } else {
    await lockModelActivation(manager, 'shared');
    await lockDirectory(manager, 'shared');
  }

  const matches = new Map<string, MatchResult>();
  const matchOf = async (signal: IncomingSignal): Promise<MatchResult> => {
    const key = JSON.stringify(signal.reference);
    let match = matches.get(key);
    if (!match) matches.set(key, (match = resolveAccount(signal.reference, await findDirectoryCandidates(manager, signal.reference))));
    return match;
  };
  const seen = new Set<string>();
  const items: { signal: IncomingSignal; match: MatchResult; repeated: boolean }[] = [];
  for (const signal of signals) {
    items.push({ signal, match: await matchOf(signal), repeated: seen.has(signal.signalId) });
    seen.add(signal.signalId);
  }

  const accountIds = [...new Set(items.flatMap((i) => (i.match.matched && !i.repeated ? [i.match.accountId] : [])))].sort();
  if (!byIdOnly) await lockAccountsForScoring(manager, accountIds);
  // One statement reads the accounts' state as it was and stores the new signals.
  const fresh = items.filter((i) => !i.repeated);
  const store = {
    signals: fresh.map(({ signal, match }) => ({
      signal,
      placement: (match.matched ? { accountId: match.accountId, countedAt: now } : { accountId: null, unmatchedReason: match.reason }) as SignalPlacement,
    })),
    receivedAt: now,
  };
  const { model, accounts: prepared, stored: inserted } = await prepareAccounts(manager, accountIds, now, store);

  const outcomes: SignalOutcome[] = items.map(({ signal, match, repeated }) => {
    if (repeated || !inserted.has(signal.signalId)) return { status: 'DUPLICATE', accountId: null, matchedBy: null, unmatchedReason: null };
    return match.matched
      ? { status: 'ACCEPTED', accountId: match.accountId, matchedBy: match.matchedBy, unmatchedReason: null }
      : { status: 'UNMATCHED', accountId: null, matchedBy: null, unmatchedReason: match.reason };
  });

  const added = new Map<string, ScoringSignal[]>();
  items.forEach((item, i) => {
    const { status, accountId } = outcomes[i];
    if (status === 'ACCEPTED' && accountId !== null) added.set(accountId, [...(added.get(accountId) ?? []), toScoringSignal(item.signal)]);
  });
  const accounts: AccountScoreUpdate[] = await countForAccounts(
    manager,
    accountIds.filter((id) => added.has(id)).map((id) => ({ prepared: prepared.get(id)!, added: added.get(id)! })),
    model,
    origin,
  );
  return { outcomes, accounts };
}
