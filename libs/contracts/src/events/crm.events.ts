import { z } from 'zod';
import { accountId, committeeRoleSchema, firmographicsSchema, isoDateTime } from './shared.schema';

const crmAccount = {
  accountId,
  crmId: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  domain: z
    .string()
    .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a lower-case web domain such as acme.com'),
  firmographics: firmographicsSchema,
};

/** `crm-account-changed` v1 — inbound from the CRM connector. */
export const crmAccountChangedV1 = z.strictObject({ ...crmAccount, changedAt: isoDateTime });

/** `crm-contact-changed` v1 — inbound from the CRM connector. */
export const crmContactChangedV1 = z.strictObject({
  contactId: z.string().min(1).max(64),
  accountId,
  name: z.string().min(1).max(200),
  title: z.string().max(200).nullable(),
  email: z.email(),
  committeeRole: committeeRoleSchema,
  changedAt: isoDateTime,
});

/** `account-upserted` v1 — handoff-svc's CRM mirror changed an account (firmographics for territories and fit). */
export const accountUpsertedV1 = z.strictObject({ ...crmAccount, updatedAt: isoDateTime });
