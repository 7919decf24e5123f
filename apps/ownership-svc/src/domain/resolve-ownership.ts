import type { OwnerAssignment } from '@handoff-graph/contracts';
import { repAvailability, type AwayCode, type Availability } from './availability';
import type { AccountProfile, ConflictRule, OwnershipMap, OwnershipSettings, Rep, Territory } from './ownership.types';
import {
  andList,
  compileMatch,
  describeAccount,
  isCatchAll,
  matchesCompiled,
  matchTerritory,
  normalizeAccount,
  specificity,
  type CompiledMatch,
  type MatchedAttribute,
} from './territory-match';

/**
 * The written conflict rules (README "Conflict rules"), applied in this order:
 *  1. NAMED_ACCOUNT — a named-account list that names the account wins over every rule territory;
 *  2./3. MOST_SPECIFIC (more constrained attributes) and PRIORITY (lower number), in the order the
 *     settings give (default: most specific, then priority);
 *  never chance: two rule territories that tie on both and can match the same account are refused
 *  when the map is saved. A map saved before that check existed falls back to the territory id
 *  (alphabetical), and the explanation says it is a tie to fix.
 * Cover (at the moment asked — the qualification time): an owner who is away (inactive or out of
 * office) is covered by the backup; a backup who is away is replaced by a drawn backup; both away →
 * the escalation owner acts. A drawn backup comes from, in order: the territory's escalation owner,
 * the owner's and the backup's managers, then the owner and backup of each next matching territory
 * in rule order — skipping anyone away or already named. Owner and backup are never the same person.
 */

/** A territory that passed the match (built once per map: resolving allocates no entry per territory). */
export interface RankedTerritory {
  readonly territory: Territory;
  readonly specificity: number;
  readonly named: boolean;
}

/** The rule that separated the winner from the runner-up. */
export type DecidingRule = 'NAMED_ACCOUNT' | 'ONLY_MATCH' | 'MOST_SPECIFIC' | 'PRIORITY' | 'TERRITORY_ID';

export type CoverKind = 'BACKUP_REPLACED' | 'BACKUP_ACTS_AS_OWNER' | 'ESCALATION_OWNER_ACTS';

export interface AwayRep {
  repId: string;
  label: string;
  code: AwayCode;
  why: string;
}

/** Which cover rule named the people when the territory's own owner and backup could not both serve. */
export interface Cover {
  kind: CoverKind;
  /** Who was away (owner and/or backup), with why. */
  away: AwayRep[];
  /** Where the drawn backup came from, e.g. "owner of 'EMEA'", "its escalation owner". */
  backupSource: string;
  /** ESCALATION_OWNER_ACTS: "its escalation owner" or "manager of Ana Ortiz" (no escalation owner set). */
  actingSource: string | null;
}

export interface ResolvedOwnership {
  /** The one accountable owner (the backup or the escalation owner when cover applied). */
  owner: Rep;
  /** The named backup, never the owner. */
  backup: Rep;
  /** The territory (or named-account list) that decided. */
  territory: Territory;
  /** What the decider matched on (empty for a named account or a catch-all). */
  matched: MatchedAttribute[];
  /** Every matching territory, in rule order (the decider first). */
  ranking: RankedTerritory[];
  decidingRule: DecidingRule;
  cover: Cover | null;
  /** The map version the answer was read from. */
  mapVersion: number;
  /** The readable sentence a rep or ops person reads. */
  explanation: string;
}

export type UnresolvedCode = 'NO_TERRITORIES' | 'NO_MATCH' | 'NOBODY_TO_ACT' | 'NO_BACKUP';

export type OwnershipResolution =
  | { resolved: true; ownership: ResolvedOwnership }
  | { resolved: false; code: UnresolvedCode; reason: string; ranking: RankedTerritory[]; territory: Territory | null; mapVersion: number };

// ---- the compiled map ------------------------------------------------------------------------

interface CompiledTerritory extends RankedTerritory {
  readonly compiled: CompiledMatch;
}

/** A map prepared once for many resolutions (one per request, or 100k in the benchmark). */
export interface CompiledOwnershipMap {
  version: number;
  settings: OwnershipSettings;
  territoryCount: number;
  rules: CompiledTerritory[];
  /** Account id → the named-account lists naming it (one, in a valid map). */
  named: Map<string, CompiledTerritory[]>;
  repsById: Map<string, Rep>;
  compare: (a: RankedTerritory, b: RankedTerritory) => number;
}

export function compileOwnershipMap(map: OwnershipMap): CompiledOwnershipMap {
  const rules: CompiledTerritory[] = [];
  const named = new Map<string, CompiledTerritory[]>();
  for (const territory of map.territories) {
    const isNamed = territory.namedAccountIds.length > 0;
    const entry: CompiledTerritory = { territory, compiled: compileMatch(territory.match), specificity: specificity(territory.match), named: isNamed };
    if (!isNamed) {
      rules.push(entry);
      continue;
    }
    for (const accountId of territory.namedAccountIds) {
      const list = named.get(accountId);
      if (list) list.push(entry);
      else named.set(accountId, [entry]);
    }
  }
  return {
    version: map.version,
    settings: map.settings,
    territoryCount: map.territories.length,
    rules,
    named,
    repsById: new Map(map.reps.map((r) => [r.id, r])),
    compare: territoryComparator(map.settings.conflictRules),
  };
}

/** The conflict rules as a comparator: negative when `a` wins over `b`. */
export function territoryComparator(conflictRules: readonly ConflictRule[]): (a: RankedTerritory, b: RankedTerritory) => number {
  return (a, b) => {
    if (a.named !== b.named) return a.named ? -1 : 1;
    for (const rule of conflictRules) {
      if (rule === 'MOST_SPECIFIC' && a.specificity !== b.specificity) return b.specificity - a.specificity;
      if (rule === 'PRIORITY' && a.territory.priority !== b.territory.priority) return a.territory.priority - b.territory.priority;
    }
    return a.territory.id < b.territory.id ? -1 : a.territory.id > b.territory.id ? 1 : 0;
  };
}

/** The matching territories, winner first. */
export function rankMatchingTerritories(account: AccountProfile, map: CompiledOwnershipMap): RankedTerritory[] {
  const normalized = normalizeAccount(account.firmographics);
  const ranked: RankedTerritory[] = [...(map.named.get(account.accountId) ?? [])];
  const rules = map.rules;
  for (let i = 0; i < rules.length; i++) if (matches(rules[i].compiled, normalized)) ranked.push(rules[i]);
  return ranked.sort(map.compare);
}

/** Module-level reference: the hot loop calls it directly, not through the module's export binding. */
const matches = matchesCompiled;

/** What the decider matched on, spelled out for its explanation (only the decider's are ever read). */
function matchedOf(winner: RankedTerritory, account: AccountProfile): MatchedAttribute[] {
  if (winner.named) return [];
  const result = matchTerritory(winner.territory.match, account.firmographics);
  return result.matches ? result.matched : [];
}

export function decidingRule(ranking: readonly RankedTerritory[], conflictRules: readonly ConflictRule[]): DecidingRule {
  const [winner, runnerUp] = ranking;
  if (winner.named && !runnerUp?.named) return 'NAMED_ACCOUNT';
  if (!runnerUp) return 'ONLY_MATCH';
  for (const rule of conflictRules) {
    if (rule === 'MOST_SPECIFIC' && winner.specificity !== runnerUp.specificity) return 'MOST_SPECIFIC';
    if (rule === 'PRIORITY' && winner.territory.priority !== runnerUp.territory.priority) return 'PRIORITY';
  }
  return 'TERRITORY_ID';
}

// ---- resolution --------------------------------------------------------------------------------

const asAway = (a: Exclude<Availability, { available: true }>, repId: string): AwayRep => ({ repId, label: a.label, code: a.code, why: a.why });

/** Who owns the account at `at` under `map`, and why — or why nobody can. Pure: same inputs, same answer. */
export function resolveOwnership(account: AccountProfile, map: CompiledOwnershipMap, at: Date): OwnershipResolution {
  const mapVersion = map.version;
  if (map.territoryCount === 0) {
    return { resolved: false, code: 'NO_TERRITORIES', reason: `No territories are defined yet, so nobody owns ${account.name}.`, ranking: [], territory: null, mapVersion };
  }
  const ranking = rankMatchingTerritories(account, map);
  if (ranking.length === 0) {
    return {
      resolved: false,
      code: 'NO_MATCH',
      reason: `No territory matches ${describeAccount(account.firmographics)}, and no catch-all territory is defined.`,
      ranking,
      territory: null,
      mapVersion,
    };
  }

  const reps = map.repsById;
  const [winner, ...rest] = ranking;
  const { territory } = winner;
  const rule = decidingRule(ranking, map.settings.conflictRules);
  const matched = matchedOf(winner, account);
  const headline = describeDecision(account, winner, matched, ranking, rule, map.settings.conflictRules);
  const ownerRep = reps.get(territory.ownerRepId);
  const owner = repAvailability(territory.ownerRepId, ownerRep, at);
  let backup = repAvailability(territory.backupRepId, reps.get(territory.backupRepId), at);
  if (territory.backupRepId === territory.ownerRepId) {
    const rep = backup.rep;
    backup = { available: false, rep, label: rep?.name ?? `rep ${territory.backupRepId}`, code: 'SAME_AS_OWNER', why: 'is the owner too' };
  }
  const unresolved = (code: UnresolvedCode, reason: string): OwnershipResolution => ({ resolved: false, code, reason, ranking, territory, mapVersion });

  // The escalation owner: the territory's, or else the owner's manager.
  const escalationId = territory.escalationRepId ?? ownerRep?.managerRepId ?? null;
  const escalationSource = territory.escalationRepId ? 'its escalation owner' : `manager of ${ownerRep?.name ?? territory.ownerRepId}`;

  /** The first available person of the draw pool not already named. */
  const drawBackup = (exclude: ReadonlySet<string>): { rep: Rep; source: string } | undefined => {
    // The pool in order, sources spelled out only for the one drawn.
    function* pool(): Generator<[string | null | undefined, () => string]> {
      yield [escalationId, () => escalationSource];
      for (const repId of [territory.ownerRepId, territory.backupRepId]) {
        const r = reps.get(repId);
        if (r?.managerRepId) yield [r.managerRepId, () => `manager of ${r.name}`];
      }
      for (const next of rest) {
        yield [next.territory.ownerRepId, () => `owner of '${next.territory.name}'`];
        yield [next.territory.backupRepId, () => `backup of '${next.territory.name}'`];
      }
    }
    const seen = new Set(exclude);
    for (const [repId, source] of pool()) {
      if (!repId || seen.has(repId)) continue;
      seen.add(repId);
      const a = repAvailability(repId, reps.get(repId), at);
      if (a.available) return { rep: a.rep, source: source() };
    }
    return undefined;
  };
  const resolved = (o: Rep, b: Rep, cover: Cover | null, who: string): OwnershipResolution => ({
    resolved: true,
    ownership: { owner: o, backup: b, territory, matched, ranking, decidingRule: rule, cover, mapVersion, explanation: `${headline}; ${who}.` },
  });
  const excluded = new Set([territory.ownerRepId, territory.backupRepId]);

  if (owner.available) {
    if (backup.available) return resolved(owner.rep, backup.rep, null, `${owner.rep.name} owns it, ${backup.rep.name} backs up`);
    const drawn = drawBackup(excluded);
    if (!drawn) {
      return unresolved(
        'NO_BACKUP',
        `${headline}, but its backup ${backup.label} ${backup.why} and nobody else in the territory or the other matching ` +
          `territories is available to back up ${owner.rep.name}.`,
      );
    }
    return resolved(
      owner.rep,
      drawn.rep,
      { kind: 'BACKUP_REPLACED', away: [asAway(backup, territory.backupRepId)], backupSource: drawn.source, actingSource: null },
      `${owner.rep.name} owns it; its backup ${backup.label} ${backup.why}, so ${drawn.rep.name}, ${drawn.source}, backs up`,
    );
  }
  if (backup.available) {
    const acting = backup.rep;
    const drawn = drawBackup(excluded);
    if (!drawn) {
      return unresolved(
        'NO_BACKUP',
        `${headline}, but its owner ${owner.label} ${owner.why}; ${acting.name} would act as owner and nobody else in the ` +
          `territory or the other matching territories is available to back up.`,
      );
    }
    return resolved(
      acting,
      drawn.rep,
      { kind: 'BACKUP_ACTS_AS_OWNER', away: [asAway(owner, territory.ownerRepId)], backupSource: drawn.source, actingSource: null },
      `${owner.label} owns it but ${owner.why}, so ${acting.name} (its backup) acts as owner and ${drawn.rep.name}, ${drawn.source}, backs up`,
    );
  }

  // Owner and backup both away: the escalation owner acts.
  const bothAway = `its owner ${owner.label} ${owner.why} and its backup ${backup.label} ${backup.why}`;
  const away = [asAway(owner, territory.ownerRepId), asAway(backup, territory.backupRepId)];
  if (!escalationId) {
    return unresolved('NOBODY_TO_ACT', `${headline}, but ${bothAway}, and it names no escalation owner (nor has ${owner.label} a manager), so nobody can act as owner.`);
  }
  const escalation = repAvailability(escalationId, reps.get(escalationId), at);
  if (!escalation.available) {
    return unresolved('NOBODY_TO_ACT', `${headline}, but ${bothAway}, and ${escalation.label}, ${escalationSource}, ${escalation.why}, so nobody can act as owner.`);
  }
  const drawn = drawBackup(new Set([...excluded, escalationId]));
  if (!drawn) {
    return unresolved(
      'NO_BACKUP',
      `${headline}, but ${bothAway}; ${escalation.rep.name}, ${escalationSource}, would act as owner and nobody else is available to back up.`,
    );
  }
  return resolved(
    escalation.rep,
    drawn.rep,
    { kind: 'ESCALATION_OWNER_ACTS', away, backupSource: drawn.source, actingSource: escalationSource },
    `${bothAway}, so ${escalation.rep.name}, ${escalationSource}, acts as owner and ${drawn.rep.name}, ${drawn.source}, backs up`,
  );
}

/**
 * "Territory 'EMEA SaaS' matches region EMEA and industry Software (2 attributes, the most specific
 * of 3 matching territories)" — names the territory, what matched and which rule decided.
 */
export function describeDecision(
  account: AccountProfile,
  winner: RankedTerritory,
  matched: readonly MatchedAttribute[],
  ranking: readonly RankedTerritory[],
  rule: DecidingRule,
  conflictRules: readonly ConflictRule[],
): string {
  const t = winner.territory;
  const n = ranking.length;
  const runnerUp = ranking.find((r) => r !== winner);
  if (winner.named) {
    const others = n - 1;
    const overrides = others === 0 ? '' : `; ${others} other matching territor${others === 1 ? 'y' : 'ies'}`;
    const tie = rule === 'NAMED_ACCOUNT' ? '' : ` — also named by '${runnerUp?.territory.name}', a conflict validateOwnershipMap reports`;
    return `${account.name} is a named account of '${t.name}' (named accounts override territories${overrides}${tie})`;
  }
  const what = isCatchAll(t) ? `Territory '${t.name}' is a catch-all and matches any account` : `Territory '${t.name}' matches ${andList(matched.map((m) => m.text))}`;
  const attributes = `${winner.specificity} attribute${winner.specificity === 1 ? '' : 's'}`;
  const ordered: ConflictRule[] = conflictRules.filter((r) => r !== 'NAMED_ACCOUNT');
  let why: string;
  if (!runnerUp || rule === 'ONLY_MATCH') {
    why = 'the only matching territory';
  } else {
    const other = runnerUp.territory;
    const first = ordered[0] === rule;
    if (rule === 'MOST_SPECIFIC') {
      why = first
        ? `the most specific of ${n} matching territories`
        : `same priority ${t.priority} as '${other.name}' but more specific (${winner.specificity} over ${runnerUp.specificity} attributes); ${n} matching territories`;
    } else if (rule === 'PRIORITY') {
      why = first
        ? `first by priority ${t.priority} over '${other.name}' (${other.priority}); ${n} matching territories`
        : `as specific as '${other.name}' but first by priority ${t.priority} over ${other.priority}; ${n} matching territories`;
    } else {
      why =
        `as specific as '${other.name}' with the same priority ${t.priority}, first by territory id ${t.id} before ${other.id} — ` +
        `a tie validateOwnershipMap reports and saving refuses; ${n} matching territories`;
    }
  }
  return `${what} (${attributes}, ${why})`;
}

export const repRef = (r: Rep) => ({ repId: r.id, name: r.name, email: r.email, role: r.role, team: r.team, timezone: r.timezone });

/** The contract's OwnerAssignment (what `ownership-resolved` carries). */
export function toOwnerAssignment(ownership: ResolvedOwnership): OwnerAssignment {
  return {
    owner: repRef(ownership.owner),
    backup: repRef(ownership.backup),
    territoryId: ownership.territory.id,
    territoryName: ownership.territory.name,
    explanation: ownership.explanation,
  };
}
