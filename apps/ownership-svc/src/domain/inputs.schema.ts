import { REP_ROLES } from '@handoff-graph/contracts';
import { z } from 'zod';
import type { Rep, Territory, TerritoryMatch } from './ownership.types';

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

/** `upsertRep(input)`: shape rules; a rep id that already exists is updated. */
export const repInputSchema = z.strictObject({
  id: idSchema,
  name: z.string().trim().min(1).max(200),
  email: z.email('must be an email address'),
  role: z.enum(REP_ROLES),
  team: z.string().trim().min(1).max(100),
  timezone: z.string().trim().refine(isIanaTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
  dailyCapacity: z.number().int().min(0, 'must be 0 or more'),
  active: z
    .boolean()
    .nullish()
    .transform((v) => v ?? true),
}) satisfies z.ZodType<Rep, unknown>;

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
  })
  .refine((m) => m.minEmployees == null || m.maxEmployees == null || m.minEmployees <= m.maxEmployees, {
    message: 'must be at least minEmployees',
    path: ['maxEmployees'],
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
    return match;
  });

/** `upsertTerritory(input)`: shape rules (the rep checks need the roster: validateTerritoryReps). */
export const territoryInputSchema = z.strictObject({
  id: idSchema,
  name: z.string().trim().min(1).max(200),
  priority: z.number().int().min(0, 'must be 0 or more (lower wins)'),
  match: territoryMatchSchema.nullish().transform((m): TerritoryMatch => m ?? {}),
  ownerRepId: z.string().trim().min(1).max(64),
  backupRepId: z.string().trim().min(1).max(64),
}) satisfies z.ZodType<Territory, unknown>;
