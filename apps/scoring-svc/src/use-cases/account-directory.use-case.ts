import type { PayloadOf } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import { fitPoints } from '../domain/fit';
import { resolveAccount, type AccountReference } from '../domain/matching';
import { findAccountScore, lockAccountsForScoring } from '../data/account-score.repository';
import { findDirectoryCandidates, findDirectoryEntry, lockDirectory, saveDirectoryEntry } from '../data/account-directory.repository';
import { AccountDirectoryEntity } from '../data/account-directory.entity';
import { findActiveModelForScoring } from '../data/scoring-model.repository';
import type { SignalEntity } from '../data/signal.entity';
import { findUnmatchedFor, matchSignals, setUnmatchedReason, toScoringSignal } from '../data/signal.repository';
import type { EventOrigin } from '../events/scoring-events.producer';
import { countForAccounts, prepareAccounts, type AccountScoreUpdate } from './account-scoring';

export interface DirectoryOutcome {
  /** False when an older announcement arrived after a newer one (ignored). */
  applied: boolean;
  /** Signals that were waiting for this account and now count. */
  matchedSignalIds: string[];
  /** The account's new score, when it changed (signals matched, or the fit changed). */
  update: AccountScoreUpdate | null;
}

function referenceOf(row: SignalEntity): AccountReference {
  switch (row.refKind) {
    case 'CRM_ID':
      return { kind: 'CRM_ID', crmId: row.refValue };
    case 'DOMAIN':
      return { kind: 'DOMAIN', domain: row.refValue };
    case 'CONTACT_EMAIL':
      return { kind: 'CONTACT_EMAIL', email: row.refValue };
    default:
      return { kind: 'ACCOUNT_ID', accountId: row.refValue };
  }
}

/**
 * `account-upserted`: keeps the directory entry (an announcement older than the stored one is
 * ignored; every change is kept in the history replay reads), then counts the unmatched signals
 * that now resolve to this account — and rescoring it when the model's fit points for it changed.
 */
export async function applyAccountUpserted(manager: EntityManager, account: PayloadOf<'account-upserted'>, origin: EventOrigin): Promise<DirectoryOutcome> {
  const { now } = origin;
  const model = await findActiveModelForScoring(manager);
  await lockDirectory(manager, 'exclusive');
  const existing = await findDirectoryEntry(manager, account.accountId);
  const updatedAt = new Date(account.updatedAt);
  if (existing && existing.updatedAt.getTime() > updatedAt.getTime()) return { applied: false, matchedSignalIds: [], update: null };

  const entry = Object.assign(new AccountDirectoryEntity(), {
    accountId: account.accountId,
    crmId: account.crmId,
    domain: account.domain,
    name: account.name,
    firmographics: account.firmographics,
    updatedAt,
    appliedAt: now,
  });
  const changed =
    !existing ||
    existing.crmId !== entry.crmId ||
    existing.domain !== entry.domain ||
    JSON.stringify(existing.firmographics) !== JSON.stringify(entry.firmographics);
  if (changed) await saveDirectoryEntry(manager, entry);
  else await manager.update(AccountDirectoryEntity, { accountId: entry.accountId }, { name: entry.name, updatedAt });
  if (!changed) return { applied: true, matchedSignalIds: [], update: null };

  await lockAccountsForScoring(manager, [account.accountId]);
  const matched: SignalEntity[] = [];
  for (const row of await findUnmatchedFor(manager, account.crmId, account.domain)) {
    const ref = referenceOf(row);
    const match = resolveAccount(ref, await findDirectoryCandidates(manager, ref));
    if (match.matched && match.accountId === account.accountId) matched.push(row);
    else if (!match.matched && match.reason !== row.unmatchedReason) await setUnmatchedReason(manager, row.signalId, match.reason);
  }
  const fitChanged = fitPoints(model.fit, existing?.firmographics ?? null) !== fitPoints(model.fit, entry.firmographics);
  if (matched.length === 0 && (!fitChanged || !(await findAccountScore(manager, account.accountId)))) {
    return { applied: true, matchedSignalIds: [], update: null };
  }
  const prepared = (await prepareAccounts(manager, [account.accountId], now)).accounts.get(account.accountId)!;
  await matchSignals(manager, matched.map((s) => s.signalId), account.accountId, now);
  const [update] = await countForAccounts(manager, [{ prepared, added: matched.map(toScoringSignal) }], model, origin);
  return { applied: true, matchedSignalIds: matched.map((s) => s.signalId), update };
}
