import { REP_ROLES } from '@handoff-graph/contracts';
import { z } from 'zod';
import {
  CONFLICT_RULES,
  DEFAULT_SETTINGS,
  MID_PERIOD_POLICIES,
  type OutOfOfficePeriod,
  type OwnershipSettings,
  type Rep,
  type Territory,
  type TerritoryMatch,
} from './ownership.types';

/** True for a time zone name the IANA database (through Intl) knows, e.g. Europe/Berlin or UTC. */
export function isIanaTimeZone(tz: string): boolean {
  if (tz !== 'UTC' && !/^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const idSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" or "-", e.g. rep-ana');
const repIdRef = z.string().trim().min(1, 'name a rep').max(64);
const instant = z.iso.datetime({ offset: true, message: 'an ISO-8601 date-time with offset, e.g. 2026-12-01T00:00:00Z' }).transform((s) => new Date(s).toISOString());
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour time such as 09:00');

export const asOfSchema = instant.nullish();

export const outOfOfficeInputSchema = z
  .strictObject({
    /** Kept when given (an existing period), generated otherwise. */
    id: z.string().trim().min(1).max(64).nullish(),
    from: instant,
    to: instant,
    note: z.string().trim().max(200).nullish(),
  })
  .refine((p) => Date.parse(p.from) < Date.parse(p.to), { message: 'must be after from', path: ['to'] });
export type OutOfOfficeInput = z.infer<typeof outOfOfficeInputSchema>;

/** `addOutOfOffice(input)`. */
export const addOutOfOfficeInputSchema = z
  .strictObject({
    repId: z.string().trim().min(1).max(64),
    from: instant,
    to: instant,
    note: z.string().trim().max(200).nullish(),
  })
  .refine((p) => Date.parse(p.from) < Date.parse(p.to), { message: 'must be after from', path: ['to'] });

/**
 * `upsertRep(input)`. On update, an omitted optional field keeps its stored value (an omitted
 * `active` never reactivates a rep); on create it takes the default (active, Mon–Fri, 09:00–17:00,
 * no manager, no leave). `outOfOffice`, when given, replaces the list.
 */
export const repInputSchema = z.strictObject({
  id: idSchema,
  name: z.string().trim().min(1).max(200),
  email: z.email('must be an email address'),
  role: z.enum(REP_ROLES),
  team: z.string().trim().min(1).max(100),
  timezone: z.string().trim().refine(isIanaTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
  dailyCapacity: z.number().int().min(0, 'must be 0 or more'),
  active: z.boolean().nullish(),
  workingDays: z
    .array(z.number().int().min(1, '1 = Monday … 7 = Sunday').max(7, '1 = Monday … 7 = Sunday'))
    .min(1, 'list at least one working day')
    .refine((d) => new Set(d).size === d.length, 'list each day once')
    .transform((d) => [...d].sort((a, b) => a - b))
    .nullish(),
  workingHours: z
    .strictObject({ start: clockTime, end: clockTime })
    .refine((h) => h.start < h.end, { message: 'must be after start (overnight shifts are not supported)', path: ['end'] })
    .nullish(),
  managerRepId: repIdRef.nullish(),
  outOfOffice: z.array(outOfOfficeInputSchema).max(100).nullish(),
});
export type RepInput = z.infer<typeof repInputSchema>;

const DEFAULT_WORKING_DAYS = [1, 2, 3, 4, 5];
const DEFAULT_WORKING_HOURS = { start: '09:00', end: '17:00' };

export const toOutOfOffice = (p: OutOfOfficeInput, newId: () => string): OutOfOfficePeriod => ({ id: p.id ?? newId(), from: p.from, to: p.to, note: p.note ?? null });

export const sortPeriods = (periods: OutOfOfficePeriod[]) => [...periods].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.id < b.id ? -1 : 1));

/** The rep a `upsertRep` input makes, given what is stored (null: a new rep). Pure; ids for new leave periods from `newId`. */
export function mergeRep(existing: Rep | null, input: RepInput, newId: () => string): Rep {
  return {
    id: input.id,
    name: input.name,
    email: input.email,
    role: input.role,
    team: input.team,
    timezone: input.timezone,
    dailyCapacity: input.dailyCapacity,
    active: input.active ?? existing?.active ?? true,
    workingDays: input.workingDays ?? existing?.workingDays ?? DEFAULT_WORKING_DAYS,
    workingHours: input.workingHours ?? existing?.workingHours ?? DEFAULT_WORKING_HOURS,
    managerRepId: input.managerRepId === undefined ? (existing?.managerRepId ?? null) : input.managerRepId,
    outOfOffice: input.outOfOffice ? sortPeriods(input.outOfOffice.map((p) => toOutOfOffice(p, newId))) : (existing?.outOfOffice ?? []),
  };
}

const valueList = z
  .array(z.string().trim().min(1).max(100))
  .min(1, 'list at least one value, or leave the attribute out')
  .max(500);
const countryList = z
  .array(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'a two-letter ISO country code such as DE')
      .transform((c) => c.toUpperCase()),
  )
  .min(1, 'list at least one value, or leave the attribute out')
  .max(300);
const headcount = z.number().int().min(0, 'must be 0 or more');
const revenue = z.number().min(0, 'must be 0 or more').max(1e13);

const dedupe = (values: string[] | null | undefined) =>
  values ? values.filter((v, i) => values.findIndex((w) => w.toLowerCase() === v.toLowerCase()) === i) : undefined;

/** A territory's match: absent (or null) keys do not constrain; `{}` is a catch-all. */
export const territoryMatchSchema = z
  .strictObject({
    regions: valueList.nullish(),
    countries: countryList.nullish(),
    industries: valueList.nullish(),
    minEmployees: headcount.nullish(),
    maxEmployees: headcount.nullish(),
    minRevenueUsd: revenue.nullish(),
    maxRevenueUsd: revenue.nullish(),
  })
  .refine((m) => m.minEmployees == null || m.maxEmployees == null || m.minEmployees <= m.maxEmployees, {
    message: 'must be at least minEmployees',
    path: ['maxEmployees'],
  })
  .refine((m) => m.minRevenueUsd == null || m.maxRevenueUsd == null || m.minRevenueUsd <= m.maxRevenueUsd, {
    message: 'must be at least minRevenueUsd',
    path: ['maxRevenueUsd'],
  })
  .transform((m): TerritoryMatch => {
    const match: TerritoryMatch = {};
    const regions = dedupe(m.regions);
    const countries = dedupe(m.countries);
    const industries = dedupe(m.industries);
    if (regions) match.regions = regions;
    if (countries) match.countries = countries;
    if (industries) match.industries = industries;
    if (m.minEmployees != null) match.minEmployees = m.minEmployees;
    if (m.maxEmployees != null) match.maxEmployees = m.maxEmployees;
    if (m.minRevenueUsd != null) match.minRevenueUsd = m.minRevenueUsd;
    if (m.maxRevenueUsd != null) match.maxRevenueUsd = m.maxRevenueUsd;
    return match;
  });

/** `upsertTerritory(input)`: shape rules. The rules that need the whole map are `validateOwnershipMap`'s. */
export const territoryInputSchema = z
  .strictObject({
    id: idSchema,
    name: z.string().trim().min(1).max(200),
    priority: z.number().int().min(0, 'must be 0 or more (lower wins)'),
    match: territoryMatchSchema.nullish().transform((m): TerritoryMatch => m ?? {}),
    namedAccountIds: z
      .array(z.string().trim().min(1).max(64))
      .min(1, 'a named-account list names at least one account (leave it out for a rule territory; retireTerritory removes a list)')
      .max(5000)
      .nullish()
      .transform((ids) => [...new Set(ids ?? [])].sort()),
    ownerRepId: repIdRef,
    backupRepId: repIdRef,
    escalationRepId: repIdRef.nullish().transform((id) => id ?? null),
  })
  .refine((t) => t.namedAccountIds.length === 0 || Object.keys(t.match).length === 0, {
    message: 'a named-account list takes no attribute constraints: leave match out, or make it a rule territory without namedAccountIds',
    path: ['namedAccountIds'],
  }) satisfies z.ZodType<Territory, unknown>;

/** `updateOwnershipSettings(input)`: an omitted field keeps its value. */
export const settingsInputSchema = z.strictObject({
  conflictRules: z
    .array(z.enum(CONFLICT_RULES))
    .refine((r) => r.length === CONFLICT_RULES.length && new Set(r).size === r.length, 'list NAMED_ACCOUNT, MOST_SPECIFIC and PRIORITY, each once')
    .refine((r) => r[0] === 'NAMED_ACCOUNT', 'must start with NAMED_ACCOUNT: named-account assignments override territories')
    .nullish(),
  midPeriodPolicy: z.enum(MID_PERIOD_POLICIES).nullish(),
  inFlightDays: z.number().int().min(1, 'must be 1 or more').max(365, 'must be at most 365').nullish(),
});

export type SettingsInput = z.infer<typeof settingsInputSchema>;

export function mergeSettings(existing: OwnershipSettings | null, input: SettingsInput): OwnershipSettings {
  const base = existing ?? DEFAULT_SETTINGS;
  return {
    conflictRules: input.conflictRules ?? base.conflictRules,
    midPeriodPolicy: input.midPeriodPolicy ?? base.midPeriodPolicy,
    inFlightDays: input.inFlightDays ?? base.inFlightDays,
  };
}
