import { zodProblems } from '@handoff-graph/graphql';
import { signalInputSchema, withNulls } from './signal';

const base = { signalId: 'sig-1', signalType: 'PRICING_PAGE_VISIT', occurredAt: '2026-11-24T09:00:00Z', source: 'website' };
const parse = (over: Record<string, unknown>) => signalInputSchema.safeParse(withNulls({ ...base, ...over }));
const problems = (over: Record<string, unknown>) => {
  const r = parse(over);
  return r.success ? [] : zodProblems(r.error, 'signals.0');
};

describe('recordSignals input: exactly one account reference', () => {
  it('accountId → ACCOUNT_ID (a contact email beside it is only the contact)', () => {
    const r = parse({ accountId: 'acc-northwind', contactEmail: 'Lena@northwind.example' });
    expect(r.success && r.data.reference).toEqual({ kind: 'ACCOUNT_ID', accountId: 'acc-northwind' });
    expect(r.success && r.data.contactEmail).toBe('Lena@northwind.example');
  });

  it('crmId → CRM_ID; domain → DOMAIN, normalized from a URL', () => {
    const byCrm = parse({ crmId: '001-NORTHWIND' });
    expect(byCrm.success && byCrm.data.reference).toEqual({ kind: 'CRM_ID', crmId: '001-NORTHWIND' });
    const byDomain = parse({ domain: 'https://www.Northwind.example/pricing' });
    expect(byDomain.success && byDomain.data.reference).toEqual({ kind: 'DOMAIN', domain: 'www.northwind.example' });
  });

  it('only a contact email → CONTACT_EMAIL (lower-cased for matching)', () => {
    const r = parse({ contactEmail: 'Lena.Fischer@Northwind.example' });
    expect(r.success && r.data.reference).toEqual({ kind: 'CONTACT_EMAIL', email: 'lena.fischer@northwind.example' });
  });

  it('none of them → BAD input at accountId', () => {
    expect(problems({})).toEqual([
      { field: 'signals.0.accountId', rule: "name the account: give exactly one of accountId, crmId or domain, or only a contactEmail at the account's web domain" },
    ]);
  });

  it('two of them → refused at the second one given', () => {
    expect(problems({ accountId: 'acc-northwind', domain: 'northwind.example' })).toEqual([
      { field: 'signals.0.domain', rule: 'give only one of accountId, crmId and domain (accountId is given)' },
    ]);
  });

  it('a domain that is not one → refused at domain', () => {
    expect(problems({ domain: 'northwind' })).toEqual([{ field: 'signals.0.domain', rule: 'a web domain such as northwind.example' }]);
  });

  it("the contract's other rules still hold: a bad time and a bad email are named", () => {
    expect(problems({ accountId: 'acc-x', occurredAt: 'yesterday', contactEmail: 'nope' }).map((p) => p.field)).toEqual([
      'signals.0.contactEmail',
      'signals.0.occurredAt',
    ]);
  });
});
