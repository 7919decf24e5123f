import { parseInput } from '@handoff-graph/graphql';
import type { GraphQLError } from 'graphql';
import { accountInputSchema, contactInputSchema } from './crm-mirror';

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as GraphQLError).extensions;
  }
  throw new Error('expected BAD_USER_INPUT');
};

describe('CRM mirror input', () => {
  it('lower-cases domains and emails and fills unknown firmographics with null', () => {
    expect(parseInput(accountInputSchema, { id: 'acc-x', crmId: '001-X', name: ' X Corp ', domain: 'X-Corp.Example', firmographics: { region: 'EMEA', country: 'de' } }, 'input')).toEqual({
      id: 'acc-x',
      crmId: '001-X',
      name: 'X Corp',
      domain: 'x-corp.example',
      firmographics: { industry: null, employeeCount: null, annualRevenueUsd: null, region: 'EMEA', country: 'DE' },
    });
    expect(
      parseInput(contactInputSchema, { id: 'con-x', accountId: 'acc-x', name: 'Xi', email: 'Xi@X-Corp.Example', committeeRole: 'CHAMPION' }, 'input'),
    ).toEqual({ id: 'con-x', accountId: 'acc-x', name: 'Xi', title: null, email: 'xi@x-corp.example', committeeRole: 'CHAMPION' });
  });

  it('names the field and the rule of a bad value', () => {
    expect(fieldOf(() => parseInput(accountInputSchema, { id: 'acc-x', crmId: '1', name: 'X', domain: 'not a domain' }, 'input'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.domain',
      rule: 'a lower-case web domain such as acme.com',
    });
    expect(fieldOf(() => parseInput(accountInputSchema, { id: 'acc-x', crmId: '1', name: 'X', domain: 'x.example', firmographics: { employeeCount: -3 } }, 'input'))).toMatchObject({
      field: 'input.firmographics.employeeCount',
    });
    expect(fieldOf(() => parseInput(contactInputSchema, { id: 'c', accountId: 'a', name: 'n', email: 'nope', committeeRole: 'USER' }, 'input'))).toMatchObject({
      field: 'input.email',
    });
  });
});
