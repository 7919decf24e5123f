import { signalReceivedV1, type PayloadOf, type SignalType } from '@handoff-graph/contracts';
import { z } from 'zod';
import { emailDomain, normalizeDomain, type AccountReference } from './matching';

/** A signal as it arrives on the `signals` topic (the `signal-received` v1 payload). */
export type SignalReceived = PayloadOf<'signal-received'>;

/** A stored signal as the scoring rules see it. */
export interface ScoringSignal {
  signalId: string;
  signalType: SignalType;
  occurredAt: Date;
  source: string;
  detail: string | null;
  contactEmail: string | null;
}

/** A valid signal on its way in, naming its account by one reference. */
export interface IncomingSignal {
  signalId: string;
  reference: AccountReference;
  contactEmail: string | null;
  signalType: SignalType;
  occurredAt: Date;
  source: string;
  detail: string | null;
}

/** The Kafka path: the contract requires the account id. */
export function incomingFromContract(signal: SignalReceived): IncomingSignal {
  return {
    signalId: signal.signalId,
    reference: { kind: 'ACCOUNT_ID', accountId: signal.accountId },
    contactEmail: signal.contactEmail,
    signalType: signal.signalType,
    occurredAt: new Date(signal.occurredAt),
    source: signal.source,
    detail: signal.detail,
  };
}

export function toScoringSignal(signal: IncomingSignal): ScoringSignal {
  return {
    signalId: signal.signalId,
    signalType: signal.signalType,
    occurredAt: signal.occurredAt,
    source: signal.source,
    detail: signal.detail,
    contactEmail: signal.contactEmail,
  };
}

const { signalId, signalType, occurredAt, source, detail, accountId, contactEmail } = signalReceivedV1.shape;

export const NAME_THE_ACCOUNT = 'name the account: give exactly one of accountId, crmId or domain, or only a contactEmail at the account\'s web domain';

/**
 * recordSignals' input: the signal-received contract's fields, except that the account is named by
 * exactly one of accountId, crmId or domain — or by none of them and a contactEmail, whose domain
 * is matched against the account directory. Absent optional fields mean null.
 */
export const signalInputSchema = z
  .strictObject({
    signalId,
    accountId: accountId.nullable(),
    crmId: z.string().trim().min(1).max(64).nullable(),
    domain: z.string().max(253).nullable(),
    contactEmail,
    signalType,
    occurredAt,
    source,
    detail,
  })
  .superRefine((s, ctx) => {
    const given = (['accountId', 'crmId', 'domain'] as const).filter((k) => s[k] !== null);
    if (given.length > 1) ctx.addIssue({ code: 'custom', path: [given[1]], message: `give only one of accountId, crmId and domain (${given[0]} is given)` });
    if (s.domain !== null && normalizeDomain(s.domain) === null) ctx.addIssue({ code: 'custom', path: ['domain'], message: 'a web domain such as northwind.example' });
    if (given.length === 0) {
      if (s.contactEmail === null) ctx.addIssue({ code: 'custom', path: ['accountId'], message: NAME_THE_ACCOUNT });
      else if (emailDomain(s.contactEmail) === null) ctx.addIssue({ code: 'custom', path: ['contactEmail'], message: 'an email address with a web domain' });
    }
  })
  .transform(
    (s): IncomingSignal => ({
      signalId: s.signalId,
      reference:
        s.accountId !== null
          ? { kind: 'ACCOUNT_ID', accountId: s.accountId }
          : s.crmId !== null
            ? { kind: 'CRM_ID', crmId: s.crmId }
            : s.domain !== null
              ? { kind: 'DOMAIN', domain: normalizeDomain(s.domain)! }
              : { kind: 'CONTACT_EMAIL', email: s.contactEmail!.toLowerCase() },
      contactEmail: s.contactEmail,
      signalType: s.signalType,
      occurredAt: new Date(s.occurredAt),
      source: s.source,
      detail: s.detail,
    }),
  );

/** Fills absent optional fields with null, as GraphQL leaves them out. */
export function withNulls(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return { accountId: null, crmId: null, domain: null, contactEmail: null, detail: null, ...(value as Record<string, unknown>) };
}
