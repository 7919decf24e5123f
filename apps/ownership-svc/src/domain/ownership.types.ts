import type { Firmographics, REP_ROLES } from '@handoff-graph/contracts';

/** Roles a rep can hold (the contract's REP_ROLES). */
export type RepRole = (typeof REP_ROLES)[number];

/** A named person who can own or back up accounts. */
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
}

/**
 * The constraints a territory puts on an account. An absent key does not constrain; an empty
 * object is a catch-all. Lists match any of their values (case-insensitive); the employee band is
 * inclusive at both ends and counts as one attribute.
 */
export interface TerritoryMatch {
  regions?: string[];
  countries?: string[];
  industries?: string[];
  minEmployees?: number;
  maxEmployees?: number;
}

export interface Territory {
  id: string;
  name: string;
  /** Lower wins (rule 3). */
  priority: number;
  match: TerritoryMatch;
  ownerRepId: string;
  backupRepId: string;
}

/** What ownership knows about an account (projected from `account-upserted`). */
export interface AccountProfile {
  accountId: string;
  name: string;
  domain: string;
  firmographics: Firmographics;
}
