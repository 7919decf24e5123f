import type { Firmographics, OwnerAssignment } from '@handoff-graph/contracts';
import type { AccountProfile, Rep, Territory } from './ownership.types';
import { andList, describeAccount, isCatchAll, matchTerritory, specificity, type MatchedAttribute } from './territory-match';

/**
 * The written conflict rules, applied in this order (README "Conflict rules"):
 *  1. only territories whose every constraint matches the account;
 *  2. the most specific wins (count of constrained attributes);
 *  3. then the lowest priority number;
 *  4. then the territory id, alphabetically (code-unit order) — never chance.
 * Cover: an unavailable owner is covered by the territory's backup, and the owner of the next
 * matching territory in that order (never the acting owner) becomes backup; an unavailable backup
 * is replaced the same way. Nobody left to cover → unresolved, with the reason.
 */

/** A territory that passed rule 1, with what it matched on. */
export interface RankedTerritory {
  territory: Territory;
  specificity: number;
  matched: MatchedAttribute[];
}

/** Why a rep cannot take a role right now. Later: out-of-office periods join `inactive` here. */
export type Availability = { available: true; rep: Rep } | { available: false; label: string; why: string };

/** Which cover rule named the people, when the territory's own owner/backup could not both serve. */
export type Cover =
  | { kind: 'OWNER_UNAVAILABLE'; absentLabel: string; why: string; backupFrom: Territory }
  | { kind: 'BACKUP_UNAVAILABLE'; absentLabel: string; why: string; backupFrom: Territory };

export interface ResolvedOwnership {
  /** The one accountable owner (the territory's backup when cover applied). */
  owner: Rep;
  /** The named backup, never the owner. */
  backup: Rep;
  /** The territory that decided (rules 1–4). */
  territory: Territory;
  matched: MatchedAttribute[];
  /** Every matching territory, in rule order (the decider first). */
  ranking: RankedTerritory[];
  cover: Cover | null;
  /** The readable sentence a rep or ops person reads. */
  explanation: string;
}

export type OwnershipResolution =
  | { resolved: true; ownership: ResolvedOwnership }
  | { resolved: false; reason: string; ranking: RankedTerritory[] };

/** Rules 2–4 as a comparator: negative when `a` wins over `b`. */
export function compareTerritories(a: RankedTerritory, b: RankedTerritory): number {
  if (a.specificity !== b.specificity) return b.specificity - a.specificity;
  if (a.territory.priority !== b.territory.priority) return a.territory.priority - b.territory.priority;
  return a.territory.id < b.territory.id ? -1 : a.territory.id > b.territory.id ? 1 : 0;
}

/** Rule 1, then rules 2–4: the matching territories, winner first. */
export function rankMatchingTerritories(firmographics: Firmographics, territories: readonly Territory[]): RankedTerritory[] {
  const ranked: RankedTerritory[] = [];
  for (const territory of territories) {
    const result = matchTerritory(territory.match, firmographics);
    if (result.matches) ranked.push({ territory, specificity: specificity(territory.match), matched: result.matched });
  }
  return ranked.sort(compareTerritories);
}

export function repAvailability(repId: string, rep: Rep | undefined): Availability {
  if (!rep) return { available: false, label: `rep ${repId}`, why: 'is not a known rep' };
  if (!rep.active) return { available: false, label: rep.name, why: 'is inactive' };
  return { available: true, rep };
}

/** Who owns the account now, and why — or why nobody can. Pure: same inputs, same answer. */
export function resolveOwnership(account: AccountProfile, territories: readonly Territory[], reps: readonly Rep[]): OwnershipResolution {
  if (territories.length === 0) {
    return { resolved: false, reason: `No territories are defined yet, so nobody owns ${account.name}.`, ranking: [] };
  }
  const ranking = rankMatchingTerritories(account.firmographics, territories);
  if (ranking.length === 0) {
    return {
      resolved: false,
      reason: `No territory matches ${describeAccount(account.firmographics)}, and no catch-all territory is defined.`,
      ranking,
    };
  }

  const repsById = new Map(reps.map((r) => [r.id, r]));
  const [winner, ...rest] = ranking;
  const { territory } = winner;
  const headline = describeDecision(winner, ranking);
  const owner = repAvailability(territory.ownerRepId, repsById.get(territory.ownerRepId));
  let backup = repAvailability(territory.backupRepId, repsById.get(territory.backupRepId));
  if (territory.backupRepId === territory.ownerRepId) {
    backup = { available: false, label: backup.available ? backup.rep.name : backup.label, why: 'is the owner too' };
  }

  /** The owner of the next matching territory (rule order) who is available and not `notRep`. */
  const drawBackup = (notRepId: string): { rep: Rep; from: Territory } | undefined => {
    for (const candidate of rest) {
      const a = repAvailability(candidate.territory.ownerRepId, repsById.get(candidate.territory.ownerRepId));
      if (a.available && a.rep.id !== notRepId) return { rep: a.rep, from: candidate.territory };
    }
    return undefined;
  };
  const resolved = (o: Rep, b: Rep, cover: Cover | null, who: string): OwnershipResolution => ({
    resolved: true,
    ownership: { owner: o, backup: b, territory, matched: winner.matched, ranking, cover, explanation: `${headline}; ${who}.` },
  });

  if (owner.available) {
    if (backup.available) return resolved(owner.rep, backup.rep, null, `${owner.rep.name} owns it, ${backup.rep.name} backs up`);
    // The owner serves; the backup cannot: draw a new backup.
    const drawn = drawBackup(owner.rep.id);
    if (!drawn) {
      return {
        resolved: false,
        reason:
          `${headline}, but its backup ${backup.label} ${backup.why} and no other matching territory has an available ` +
          `owner other than ${owner.rep.name} to back up.`,
        ranking,
      };
    }
    return resolved(
      owner.rep,
      drawn.rep,
      { kind: 'BACKUP_UNAVAILABLE', absentLabel: backup.label, why: backup.why, backupFrom: drawn.from },
      `${owner.rep.name} owns it; its backup ${backup.label} ${backup.why}, so ${drawn.rep.name}, ` +
        `owner of '${drawn.from.name}', backs up`,
    );
  }
  if (!backup.available) {
    return {
      resolved: false,
      reason: `${headline}, but its owner ${owner.label} ${owner.why} and its backup ${backup.label} ${backup.why}, so nobody can act as owner.`,
      ranking,
    };
  }
  // The owner cannot serve: the backup acts as owner and a new backup is drawn.
  const acting = backup.rep;
  const drawn = drawBackup(acting.id);
  if (!drawn) {
    return {
      resolved: false,
      reason:
        `${headline}, but its owner ${owner.label} ${owner.why}; ${acting.name} would act as owner and ` +
        `no other matching territory has an available owner to back up.`,
      ranking,
    };
  }
  return resolved(
    acting,
    drawn.rep,
    { kind: 'OWNER_UNAVAILABLE', absentLabel: owner.label, why: owner.why, backupFrom: drawn.from },
    `${owner.label} owns it but ${owner.why}, so ${acting.name} (its backup) acts as owner and ` +
      `${drawn.rep.name}, owner of '${drawn.from.name}', backs up`,
  );
}

/**
 * "Territory 'EMEA SaaS' matches region EMEA and industry Software (2 attributes, the most specific
 * of 3 matching territories)" — names the territory, what matched and which rule decided.
 */
export function describeDecision(winner: RankedTerritory, ranking: readonly RankedTerritory[]): string {
  const t = winner.territory;
  const what = isCatchAll(t.match)
    ? `Territory '${t.name}' is a catch-all and matches any account`
    : `Territory '${t.name}' matches ${andList(winner.matched.map((m) => m.text))}`;
  const attributes = `${winner.specificity} attribute${winner.specificity === 1 ? '' : 's'}`;
  const runnerUp = ranking.find((r) => r !== winner);
  const n = ranking.length;
  let why: string;
  if (!runnerUp) {
    why = 'the only matching territory';
  } else if (winner.specificity > runnerUp.specificity) {
    why = `the most specific of ${n} matching territories`;
  } else if (t.priority !== runnerUp.territory.priority) {
    why = `as specific as '${runnerUp.territory.name}' but first by priority ${t.priority} over ${runnerUp.territory.priority}; ${n} matching territories`;
  } else {
    why =
      `as specific as '${runnerUp.territory.name}' with the same priority ${t.priority}, first by territory id ` +
      `${t.id} before ${runnerUp.territory.id}; ${n} matching territories`;
  }
  return `${what} (${attributes}, ${why})`;
}

/** The contract's OwnerAssignment (what `ownership-resolved` carries). */
export function toOwnerAssignment(ownership: ResolvedOwnership): OwnerAssignment {
  const ref = (r: Rep) => ({ repId: r.id, name: r.name, email: r.email, role: r.role, team: r.team, timezone: r.timezone });
  return {
    owner: ref(ownership.owner),
    backup: ref(ownership.backup),
    territoryId: ownership.territory.id,
    territoryName: ownership.territory.name,
    explanation: ownership.explanation,
  };
}
