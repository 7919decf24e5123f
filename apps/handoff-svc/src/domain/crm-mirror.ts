import {
  committeeRoleSchema,
  crmAccountChangedV1,
  crmContactChangedV1,
  firmographicsSchema,
  type CommitteeRole,
  type Firmographics,
} from '@handoff-graph/contracts';
import { z } from 'zod';

/** An account write to the CRM mirror, whichever way it came (GraphQL or the CRM connector). */
export interface AccountUpsert {
  id: string;
  crmId: string;
  name: string;
  domain: string;
  firmographics: Firmographics;
}

/** A contact write to the CRM mirror. */
export interface ContactUpsert {
  id: string;
  accountId: string;
  name: string;
  title: string | null;
  email: string;
  committeeRole: CommitteeRole;
}

/** Why the mirror refused a write: the input field and the rule. */
export interface MirrorRejection {
  field: 'domain' | 'crmId' | 'accountId' | 'email';
  rule: string;
}

/** An absent or null GraphQL field becomes null. */
const nullable = <S extends z.ZodType>(schema: S) => schema.nullish().transform((v) => v ?? null);

const f = firmographicsSchema.shape;
const firmographicsInputSchema = z
  .strictObject({
    industry: nullable(z.string().trim().pipe(f.industry.unwrap())),
    employeeCount: nullable(f.employeeCount.unwrap()),
    annualRevenueUsd: nullable(f.annualRevenueUsd.unwrap()),
    region: nullable(z.string().trim().pipe(f.region.unwrap())),
    country: nullable(z.string().trim().toUpperCase().pipe(f.country.unwrap())),
  })
  .nullish()
  .transform(
    (v): Firmographics => ({
      industry: v?.industry ?? null,
      employeeCount: v?.employeeCount ?? null,
      annualRevenueUsd: v?.annualRevenueUsd ?? null,
      region: v?.region ?? null,
      country: v?.country ?? null,
    }),
  );

const a = crmAccountChangedV1.shape;
/** `upsertAccount(input)`: the same field rules as the CRM connector's contract; domains are lower-cased. */
export const accountInputSchema = z.strictObject({
  id: z.string().trim().pipe(a.accountId),
  crmId: z.string().trim().pipe(a.crmId),
  name: z.string().trim().pipe(a.name),
  domain: z.string().trim().toLowerCase().pipe(a.domain),
  firmographics: firmographicsInputSchema,
});

const c = crmContactChangedV1.shape;
/** `upsertContact(input)`: emails are lower-cased (engagement is matched by email). */
export const contactInputSchema = z.strictObject({
  id: z.string().trim().pipe(c.contactId),
  accountId: z.string().trim().pipe(c.accountId),
  name: z.string().trim().pipe(c.name),
  title: nullable(z.string().trim().pipe(c.title.unwrap())),
  email: z.string().trim().toLowerCase().pipe(c.email),
  committeeRole: committeeRoleSchema,
});

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
