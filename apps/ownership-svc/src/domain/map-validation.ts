import type { ConflictRule, OwnershipSettings, Rep, Territory, TerritoryMatch } from './ownership.types';
import { territoryComparator, type RankedTerritory } from './resolve-ownership';
import { andList, describeBand, isCatchAll, isNamedAccountList, normalize, specificity, usd } from './territory-match';

/**
 * The map checks sales operations get at save time (errors refuse the save) and on demand
 * (`validateOwnershipMap`). Pure: the map in, every problem out, in a stable order.
 */

export type ProblemSeverity = 'ERROR' | 'WARNING';

export type ProblemCode =
  // errors: the map may not be saved this way
  | 'MISSING_OWNER'
  | 'MISSING_BACKUP'
  | 'UNKNOWN_REP'
  | 'MANAGER_AS_OWNER'
  | 'MANAGER_AS_BACKUP'
  | 'BACKUP_IS_OWNER'
  | 'ESCALATION_IS_OWNER_OR_BACKUP'
  | 'OVERLAPPING_EQUAL_RULES'
  | 'NAMED_ACCOUNT_IN_TWO_LISTS'
  | 'MANAGER_NOT_A_MANAGER'
  // warnings: saved, but ops should know
  | 'INACTIVE_REP'
  | 'NO_ESCALATION_OWNER'
  | 'NEVER_DECIDES'
  | 'NO_CATCH_ALL';

export interface MapProblem {
  severity: ProblemSeverity;
  code: ProblemCode;
  /** The input field to fix, relative to the territory (`ownerRepId`, `priority`, …) or rep (`role`, `managerRepId`) input. */
  field: string | null;
  /** The territories involved, the one to fix first (for an overlap: both, in id order). */
  territoryIds: string[];
  /** The reps involved. */
  repIds: string[];
  message: string;
}

export interface MapUnderValidation {
  territories: readonly Territory[];
  reps: readonly Rep[];
  settings: Pick<OwnershipSettings, 'conflictRules'>;
}

const label = (t: Territory) => `'${t.name}' (${t.id})`;

export function validateOwnershipMap(map: MapUnderValidation): MapProblem[] {
  const repsById = new Map(map.reps.map((r) => [r.id, r]));
  const problems: MapProblem[] = [];
  const add = (p: Omit<MapProblem, 'severity'>, severity: ProblemSeverity = 'ERROR') => problems.push({ severity, ...p });
  const territories = [...map.territories].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  for (const t of territories) {
    const people: [string, 'ownerRepId' | 'backupRepId' | 'escalationRepId', string][] = [
      [t.ownerRepId, 'ownerRepId', 'owner'],
      [t.backupRepId, 'backupRepId', 'backup'],
    ];
    if (t.escalationRepId !== null) people.push([t.escalationRepId, 'escalationRepId', 'escalation owner']);
    if (!t.ownerRepId.trim()) add({ code: 'MISSING_OWNER', field: 'ownerRepId', territoryIds: [t.id], repIds: [], message: `Territory ${label(t)} has no owner.` });
    if (!t.backupRepId.trim()) add({ code: 'MISSING_BACKUP', field: 'backupRepId', territoryIds: [t.id], repIds: [], message: `Territory ${label(t)} has no backup.` });
    for (const [repId, field, role] of people) {
      if (!repId.trim()) continue;
      const rep = repsById.get(repId);
      if (!rep) {
        add({ code: 'UNKNOWN_REP', field, territoryIds: [t.id], repIds: [repId], message: `Territory ${label(t)} names ${repId} as ${role}, but no rep ${repId} exists.` });
        continue;
      }
      if (rep.role === 'MANAGER' && field !== 'escalationRepId') {
        add({
          code: field === 'ownerRepId' ? 'MANAGER_AS_OWNER' : 'MANAGER_AS_BACKUP',
          field,
          territoryIds: [t.id],
          repIds: [repId],
          message:
            `Territory ${label(t)} names ${rep.name}, a MANAGER, as ${role}: managers receive escalations and never own ` +
            `or back up a territory (name them as escalation owner instead).`,
        });
      }
      if (!rep.active) {
        add(
          {
            code: 'INACTIVE_REP',
            field,
            territoryIds: [t.id],
            repIds: [repId],
            message: `Territory ${label(t)} names ${rep.name} as ${role}, but ${rep.name} is inactive: cover applies until the territory is reassigned.`,
          },
          'WARNING',
        );
      }
    }
    if (t.ownerRepId && t.ownerRepId === t.backupRepId) {
      add({ code: 'BACKUP_IS_OWNER', field: 'backupRepId', territoryIds: [t.id], repIds: [t.ownerRepId], message: `Territory ${label(t)} names the same rep as owner and backup: the backup is never the owner.` });
    }
    if (t.escalationRepId !== null && (t.escalationRepId === t.ownerRepId || t.escalationRepId === t.backupRepId)) {
      add({
        code: 'ESCALATION_IS_OWNER_OR_BACKUP',
        field: 'escalationRepId',
        territoryIds: [t.id],
        repIds: [t.escalationRepId],
        message: `Territory ${label(t)} names its ${t.escalationRepId === t.ownerRepId ? 'owner' : 'backup'} as escalation owner: the escalation owner covers when owner and backup are both away, so it must be a third person.`,
      });
    }
    const owner = repsById.get(t.ownerRepId);
    if (t.escalationRepId === null && owner && !owner.managerRepId) {
      add(
        {
          code: 'NO_ESCALATION_OWNER',
          field: 'escalationRepId',
          territoryIds: [t.id],
          repIds: [],
          message: `Territory ${label(t)} names no escalation owner and its owner ${owner.name} has no manager: when owner and backup are both away its accounts go unresolved.`,
        },
        'WARNING',
      );
    }
  }

  // Named accounts: one list per account.
  const listsByAccount = new Map<string, Territory[]>();
  for (const t of territories) for (const a of t.namedAccountIds) listsByAccount.set(a, [...(listsByAccount.get(a) ?? []), t]);
  for (const [accountId, lists] of [...listsByAccount].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (lists.length < 2) continue;
    add({
      code: 'NAMED_ACCOUNT_IN_TWO_LISTS',
      field: 'namedAccountIds',
      territoryIds: lists.map((l) => l.id),
      repIds: [],
      message: `Account ${accountId} is named by ${andList(lists.map(label))}: a named account belongs to one list only.`,
    });
  }

  // Rule territories: equal rank that can match the same account, and territories that can never decide.
  const rules = territories.filter((t) => !isNamedAccountList(t));
  const compare = territoryComparator(map.settings.conflictRules);
  const ranked: RankedTerritory[] = rules.map((t) => ({ territory: t, specificity: specificity(t.match), named: false }));
  for (let i = 0; i < rules.length; i++) {
    for (let j = i + 1; j < rules.length; j++) {
      const [a, b] = [rules[i], rules[j]];
      const sa = ranked[i].specificity;
      if (sa === ranked[j].specificity && a.priority === b.priority) {
        const witness = overlapWitness(a.match, b.match);
        if (witness !== null) {
          add({
            code: 'OVERLAPPING_EQUAL_RULES',
            field: 'priority',
            territoryIds: [a.id, b.id],
            repIds: [],
            message:
              `Territories ${label(a)} and ${label(b)} have the same specificity (${sa}) and priority (${a.priority}) and can both ` +
              `match ${witness}: only chance could break that tie. Give one a different priority or make their constraints disjoint.`,
          });
        }
      }
    }
  }
  for (let j = 0; j < rules.length; j++) {
    const b = rules[j];
    const i = ranked.findIndex((a, k) => k !== j && compare(a, ranked[j]) < 0 && covers(a.territory.match, b.match));
    const shadow = i >= 0 ? rules[i] : undefined;
    if (shadow) {
      add(
        {
          code: 'NEVER_DECIDES',
          field: 'priority',
          territoryIds: [b.id, shadow.id],
          repIds: [],
          message: `Territory ${label(b)} never decides: every account it matches is also matched by ${label(shadow)}, which wins by the conflict rules.`,
        },
        'WARNING',
      );
    }
  }
  if (rules.length > 0 && !rules.some((t) => isCatchAll(t))) {
    add({ code: 'NO_CATCH_ALL', field: null, territoryIds: [], repIds: [], message: 'No catch-all territory: an account no territory matches goes unresolved.' }, 'WARNING');
  }

  // Reps: a manager must be a known MANAGER, not the rep.
  for (const rep of [...map.reps].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (rep.managerRepId === null) continue;
    const manager = repsById.get(rep.managerRepId);
    if (rep.managerRepId === rep.id) {
      add({ code: 'MANAGER_NOT_A_MANAGER', field: 'managerRepId', territoryIds: [], repIds: [rep.id], message: `${rep.name} cannot be their own manager.` });
    } else if (!manager) {
      add({ code: 'UNKNOWN_REP', field: 'managerRepId', territoryIds: [], repIds: [rep.id, rep.managerRepId], message: `${rep.name}'s manager ${rep.managerRepId} is not a known rep.` });
    } else if (manager.role !== 'MANAGER') {
      add({
        code: 'MANAGER_NOT_A_MANAGER',
        field: 'managerRepId',
        territoryIds: [],
        repIds: [rep.id, manager.id],
        message: `${rep.name}'s manager ${manager.name} is ${manager.role === 'AE' ? 'an' : 'a'} ${manager.role}, not a MANAGER.`,
      });
    }
  }
  return problems.sort((x, y) => (x.severity === y.severity ? 0 : x.severity === 'ERROR' ? -1 : 1));
}

/** Save-time: the errors a change to these territories or reps would introduce (legacy problems elsewhere do not block it). */
export function errorsInvolving(problems: readonly MapProblem[], ids: { territoryIds?: readonly string[]; repIds?: readonly string[] }): MapProblem[] {
  return problems.filter(
    (p) => p.severity === 'ERROR' && (p.territoryIds.some((t) => ids.territoryIds?.includes(t)) || p.repIds.some((r) => ids.repIds?.includes(r))),
  );
}

// ---- overlap and cover between two matches --------------------------------------------------------

type ListKey = 'regions' | 'countries' | 'industries';
const LISTS: [ListKey, string][] = [
  ['regions', 'region'],
  ['countries', 'country'],
  ['industries', 'industry'],
];
const BANDS: ['minEmployees' | 'minRevenueUsd', 'maxEmployees' | 'maxRevenueUsd', (lo: number | undefined, hi: number | undefined) => string][] = [
  ['minEmployees', 'maxEmployees', (lo, hi) => `${describeBand(lo, hi)} employees`],
  ['minRevenueUsd', 'maxRevenueUsd', (lo, hi) => `revenue ${describeBand(lo, hi, usd)}`],
];

/**
 * Whether some account can match both, and if so a readable example ("an account with region EMEA
 * and industry Software"); null when the constraints are disjoint. Attributes are independent
 * (an account may carry any region with any country), so only a shared attribute can separate two rules.
 */
export function overlapWitness(a: TerritoryMatch, b: TerritoryMatch): string | null {
  const parts: string[] = [];
  for (const [key, name] of LISTS) {
    const [x, y] = [a[key], b[key]];
    if (x && y) {
      const common = x.find((v) => y.some((w) => normalize(w) === normalize(v)));
      if (common === undefined) return null;
      parts.push(`${name} ${common}`);
    } else if (x || y) {
      parts.push(`${name} ${(x ?? y)![0]}`);
    }
  }
  for (const [minKey, maxKey, describe] of BANDS) {
    const constrained = (m: TerritoryMatch) => m[minKey] !== undefined || m[maxKey] !== undefined;
    if (!constrained(a) && !constrained(b)) continue;
    const lows = [a[minKey], b[minKey]].filter((v): v is number => v !== undefined);
    const highs = [a[maxKey], b[maxKey]].filter((v): v is number => v !== undefined);
    const lo = lows.length ? Math.max(...lows) : undefined;
    const hi = highs.length ? Math.min(...highs) : undefined;
    if (lo !== undefined && hi !== undefined && lo > hi) return null;
    parts.push(describe(lo, hi));
  }
  return parts.length === 0 ? 'any account (both are catch-alls)' : `an account with ${andList(parts)}`;
}

/** Whether every account `inner` matches is also matched by `outer`. */
export function covers(outer: TerritoryMatch, inner: TerritoryMatch): boolean {
  for (const [key] of LISTS) {
    const [o, i] = [outer[key], inner[key]];
    if (!o) continue;
    if (!i || !i.every((v) => o.some((w) => normalize(w) === normalize(v)))) return false;
  }
  for (const [minKey, maxKey] of BANDS) {
    const [oMin, oMax, iMin, iMax] = [outer[minKey], outer[maxKey], inner[minKey], inner[maxKey]];
    if (oMin !== undefined && (iMin === undefined || iMin < oMin)) return false;
    if (oMax !== undefined && (iMax === undefined || iMax > oMax)) return false;
  }
  return true;
}

/** The written conflict rules, one sentence each, in the configured order (README, GraphQL `ownershipSettings`). */
export function describeConflictRules(conflictRules: readonly ConflictRule[]): string[] {
  const text: Record<ConflictRule, string> = {
    NAMED_ACCOUNT: 'Named account: a named-account list that names the account wins over every territory rule.',
    MOST_SPECIFIC: 'Most specific: the matching territory that constrains the most account attributes wins.',
    PRIORITY: 'Priority: the matching territory with the lowest priority number wins.',
  };
  return [
    ...conflictRules.map((r, i) => `${i + 1}. ${text[r]}`),
    `${conflictRules.length + 1}. Never chance: two territories that would still tie and can match the same account are refused when the map is saved.`,
  ];
}
