import { candidateDomains, emailDomain, normalizeDomain, resolveAccount, type DirectoryAccount } from './matching';

const northwind: DirectoryAccount = { accountId: 'acc-northwind', crmId: '001-NORTHWIND', domain: 'northwind.example' };
const northwindEu: DirectoryAccount = { accountId: 'acc-northwind-eu', crmId: '001-NW-EU', domain: 'eu.northwind.example' };

describe('normalizeDomain', () => {
  it.each([
    ['northwind.example', 'northwind.example'],
    ['  Northwind.Example ', 'northwind.example'],
    ['https://www.northwind.example/pricing?x=1', 'www.northwind.example'],
    ['northwind.example.', 'northwind.example'],
    ['northwind.example:8443', 'northwind.example'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected);
  });

  it.each(['northwind', '', 'not a domain.example', 'http://'])('refuses %p', (input) => {
    expect(normalizeDomain(input)).toBeNull();
  });

  it('takes an email domain: Lena.Fischer@Northwind.Example → northwind.example', () => {
    expect(emailDomain('Lena.Fischer@Northwind.Example')).toBe('northwind.example');
  });

  it('lists the domain and its parents with two labels or more, most specific first', () => {
    expect(candidateDomains('mail.eu.northwind.example')).toEqual(['mail.eu.northwind.example', 'eu.northwind.example', 'northwind.example']);
  });
});

describe('resolveAccount', () => {
  it('an account id is taken as given, whether or not the directory knows it', () => {
    expect(resolveAccount({ kind: 'ACCOUNT_ID', accountId: 'acc-new' }, [])).toEqual({ matched: true, accountId: 'acc-new', matchedBy: 'ACCOUNT_ID' });
  });

  it('a CRM id matches the account holding it', () => {
    expect(resolveAccount({ kind: 'CRM_ID', crmId: '001-NORTHWIND' }, [northwind])).toEqual({ matched: true, accountId: 'acc-northwind', matchedBy: 'CRM_ID' });
  });

  it('an unknown CRM id is unmatched with the reason', () => {
    expect(resolveAccount({ kind: 'CRM_ID', crmId: '001-NOPE' }, [])).toEqual({ matched: false, reason: 'no known account has CRM id 001-NOPE' });
  });

  it('a domain matches its account, and so does a subdomain (www., mail.)', () => {
    expect(resolveAccount({ kind: 'DOMAIN', domain: 'northwind.example' }, [northwind])).toMatchObject({ accountId: 'acc-northwind', matchedBy: 'DOMAIN' });
    expect(resolveAccount({ kind: 'DOMAIN', domain: 'www.northwind.example' }, [northwind])).toMatchObject({ accountId: 'acc-northwind' });
  });

  it('the most specific domain wins: eu.northwind.example belongs to acc-northwind-eu, not acc-northwind', () => {
    expect(resolveAccount({ kind: 'CONTACT_EMAIL', email: 'jonas@eu.northwind.example' }, [northwind, northwindEu])).toEqual({
      matched: true,
      accountId: 'acc-northwind-eu',
      matchedBy: 'CONTACT_EMAIL',
    });
  });

  it("a contact's email matches the account at its domain", () => {
    expect(resolveAccount({ kind: 'CONTACT_EMAIL', email: 'lena.fischer@northwind.example' }, [northwind])).toMatchObject({ accountId: 'acc-northwind' });
  });

  it('a free-mail address matches nobody: "no known account has domain gmail.com"', () => {
    expect(resolveAccount({ kind: 'CONTACT_EMAIL', email: 'someone@gmail.com' }, [])).toEqual({ matched: false, reason: 'no known account has domain gmail.com' });
  });

  it('a domain two accounts hold is ambiguous: unmatched, naming the domain', () => {
    const twin = { ...northwind, accountId: 'acc-northwind-2', crmId: '001-NW2' };
    expect(resolveAccount({ kind: 'DOMAIN', domain: 'northwind.example' }, [northwind, twin])).toEqual({
      matched: false,
      reason: 'domain northwind.example names 2 accounts',
    });
  });
});
