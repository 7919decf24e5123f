import { z } from 'zod';
import { accountId, isoDateTime, signalTypeSchema } from './shared.schema';

/** `signal-received` v1 — a marketing signal about an account (optionally about one contact). */
export const signalReceivedV1 = z.strictObject({
  /** Unique per signal: a repeated id changes nothing. */
  signalId: z.string().min(1).max(128),
  accountId,
  /** The contact the signal is about, when the tool knows one. */
  contactEmail: z.email().nullable(),
  signalType: signalTypeSchema,
  occurredAt: isoDateTime,
  /** The tool that observed it: "bombora", "website", "hubspot"… */
  source: z.string().min(1).max(64),
  /** Free-text detail shown as evidence: a topic, a page path, an asset title. */
  detail: z.string().max(500).nullable(),
});
