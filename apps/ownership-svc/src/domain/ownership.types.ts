import type { Firmographics, REP_ROLES } from '@handoff-graph/contracts';

/** Roles a rep can hold (the contract's REP_ROLES). A MANAGER receives escalations and never owns or backs up a territory. */
export type RepRole = (typeof REP_ROLES)[number];

/** A stretch of time a rep is away, half-open: away from `from` (inclusive) until `to` (exclusive). ISO-8601 instants. */
export interface OutOfOfficePeriod {
  id: string;
  from: string;
  to: string;
  /** e.g. "Parental leave" (never shown to other reps beyond the explanation). */
  note: string | null;
}

/** A rep's working hours in their own time zone, 24-hour HH:MM, start before end. */
export interface WorkingHours {
  start: string;
  end: string;
}

/** A named person who can own, back up or receive escalations for accounts. */
export interface Rep {
  id: string;
  name: string;
  email: string;
  role: RepRole;
  team: string;
  /** IANA time zone, e.g. Europe/Berlin. */
  timezone: string;
  dailyCapacity: number;
  active: boolean;
  /** ISO weekdays the rep works (1 = Monday … 7 = Sunday), ascending. */
  workingDays: number[];
  workingHours: WorkingHours;
  /** The team manager (a MANAGER rep) who receives this rep's escalations, or null. */
  managerRepId: string | null;
  /** Leave, holidays, conferences: ordered by `from`. */
  outOfOffice: OutOfOfficePeriod[];
}

/**
 * The constraints a rule territory puts on an account. An absent key does not constrain; an empty
 * object is a catch-all. Lists match any of their values (case-insensitive); each band is
 * inclusive at both ends and counts as one attribute.
 */
export interface TerritoryMatch {
  regions?: string[];
  countries?: string[];
  industries?: string[];
  minEmployees?: number;
  maxEmployees?: number;
  minRevenueUsd?: number;
  maxRevenueUsd?: number;
}

/**
 * One entry of the ownership map. Either a rule territory (`match` over account attributes) or a
 * named-account list (`namedAccountIds` non-empty, `match` empty): a named account is owned by its
 * list whatever the rules say.
 */
export interface Territory {
  id: string;
  name: string;
  /** Lower wins (the PRIORITY conflict rule). */
  priority: number;
  match: TerritoryMatch;
  /** Non-empty → a named-account list. */
  namedAccountIds: string[];
  ownerRepId: string;
  backupRepId: string;
  /** Acts as owner when owner and backup are both away; null → the owner's manager. */
  escalationRepId: string | null;
}

/** The written conflict rules. NAMED_ACCOUNT always comes first; ops choose the order of the other two. */
export const CONFLICT_RULES = ['NAMED_ACCOUNT', 'MOST_SPECIFIC', 'PRIORITY'] as const;
export type ConflictRule = (typeof CONFLICT_RULES)[number];

/** How in-flight handoffs follow an owner change during the period (the contract's `ownership-changed.policy`). */
export const MID_PERIOD_POLICIES = ['STAY_WITH_OWNER_AT_HANDOFF', 'MOVE_TO_NEW_OWNER'] as const;
export type MidPeriodPolicy = (typeof MID_PERIOD_POLICIES)[number];

export interface OwnershipSettings {
  /** A permutation of CONFLICT_RULES starting with NAMED_ACCOUNT. */
  conflictRules: ConflictRule[];
  midPeriodPolicy: MidPeriodPolicy;
  /** How long after its decision a qualification counts as in flight (its handoff may still be open). */
  inFlightDays: number;
}

export const DEFAULT_SETTINGS: OwnershipSettings = {
  conflictRules: ['NAMED_ACCOUNT', 'MOST_SPECIFIC', 'PRIORITY'],
  midPeriodPolicy: 'STAY_WITH_OWNER_AT_HANDOFF',
  inFlightDays: 30,
};

/** The whole ownership map at one version: what resolution reads. */
export interface OwnershipMap {
  /** 0 = before any map existed. */
  version: number;
  territories: Territory[];
  reps: Rep[];
  settings: OwnershipSettings;
}

/** What ownership knows about an account (projected from `account-upserted`). */
export interface AccountProfile {
  accountId: string;
  name: string;
  domain: string;
  firmographics: Firmographics;
}
