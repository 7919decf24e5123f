/**
 * Which account a signal is about. A signal names its account by the CRM mirror's account id, by
 * the CRM id, by a web domain, or only by a contact's email (the email's domain is matched against
 * the account directory's domains). Everything here is pure: the caller looks the candidates up.
 */

export type AccountReferenceKind = 'ACCOUNT_ID' | 'CRM_ID' | 'DOMAIN' | 'CONTACT_EMAIL';

export type AccountReference =
  | { kind: 'ACCOUNT_ID'; accountId: string }
  | { kind: 'CRM_ID'; crmId: string }
  | { kind: 'DOMAIN'; domain: string }
  | { kind: 'CONTACT_EMAIL'; email: string };

/** One account of the directory (built from account-upserted). */
export interface DirectoryAccount {
  accountId: string;
  crmId: string;
  domain: string;
}

export type MatchResult = { matched: true; accountId: string; matchedBy: AccountReferenceKind } | { matched: false; reason: string };

const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;

/**
 * A web domain as the directory stores it: lower case, no scheme, path, port, user or trailing dot
 * ("https://www.Northwind.example/pricing" → "www.northwind.example"). Null when it is not one.
 */
export function normalizeDomain(input: string): string | null {
  let d = input.trim().toLowerCase();
  d = d.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  d = d.replace(/[/?#].*$/, '');
  d = d.replace(/^[^@]*@/, '');
  d = d.replace(/:\d+$/, '');
  d = d.replace(/\.$/, '');
  return DOMAIN.test(d) ? d : null;
}

/** The domain of an email address, normalized (null when there is none). */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  return at < 0 ? null : normalizeDomain(email.slice(at + 1));
}

/**
 * The domain and each parent with at least two labels, most specific first:
 * "eu.mail.northwind.example" → eu.mail.northwind.example, mail.northwind.example, northwind.example.
 */
export function candidateDomains(domain: string): string[] {
  const labels = domain.split('.');
  return labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
}

/** The domain a reference is matched by (null for ids). */
export function referenceDomain(ref: AccountReference): string | null {
  if (ref.kind === 'DOMAIN') return ref.domain;
  if (ref.kind === 'CONTACT_EMAIL') return emailDomain(ref.email);
  return null;
}

/** What a reference says, for storing and showing: the id, the domain or the email. */
export function referenceValue(ref: AccountReference): string {
  switch (ref.kind) {
    case 'ACCOUNT_ID':
      return ref.accountId;
    case 'CRM_ID':
      return ref.crmId;
    case 'DOMAIN':
      return ref.domain;
    case 'CONTACT_EMAIL':
      return ref.email;
  }
}

function describe(ref: AccountReference): string {
  return ref.kind === 'CRM_ID' ? `CRM id ${ref.crmId}` : ref.kind === 'DOMAIN' ? `domain ${ref.domain}` : `the email ${referenceValue(ref)}`;
}

/**
 * Resolves a reference against the directory accounts the caller looked up for it (accounts with
 * that CRM id, or with the reference's domain or one of its parents):
 * - an account id is taken as given (it is the CRM mirror's id; the directory may simply not have
 *   caught up yet, as account-events and signals arrive in any order);
 * - a CRM id matches the one account holding it;
 * - a domain, or a contact email's domain, matches the account with the most specific domain among
 *   the domain and its parents (mail.northwind.example → northwind.example);
 * - no account, or two accounts holding the same CRM id or domain: unmatched, with the reason.
 */
export function resolveAccount(ref: AccountReference, candidates: DirectoryAccount[]): MatchResult {
  if (ref.kind === 'ACCOUNT_ID') return { matched: true, accountId: ref.accountId, matchedBy: 'ACCOUNT_ID' };
  if (ref.kind === 'CRM_ID') {
    const holders = unique(candidates.filter((c) => c.crmId === ref.crmId));
    if (holders.length === 1) return { matched: true, accountId: holders[0], matchedBy: 'CRM_ID' };
    return { matched: false, reason: holders.length === 0 ? `no known account has ${describe(ref)}` : `${describe(ref)} names ${holders.length} accounts` };
  }
  const domain = referenceDomain(ref);
  if (domain === null) return { matched: false, reason: `${describe(ref)} has no web domain` };
  for (const candidate of candidateDomains(domain)) {
    const holders = unique(candidates.filter((c) => c.domain === candidate));
    if (holders.length === 1) return { matched: true, accountId: holders[0], matchedBy: ref.kind };
    if (holders.length > 1) return { matched: false, reason: `domain ${candidate} names ${holders.length} accounts` };
  }
  return { matched: false, reason: `no known account has domain ${domain}${domain.includes('.') && candidateDomains(domain).length > 1 ? ' or a parent of it' : ''}` };
}

function unique(accounts: DirectoryAccount[]): string[] {
  return [...new Set(accounts.map((a) => a.accountId))];
}
