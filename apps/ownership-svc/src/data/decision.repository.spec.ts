import { combineStatements } from './decision.repository';

describe('combineStatements: a decision’s writes sent as one statement', () => {
  it('one statement stays as it is; none is empty', () => {
    expect(combineStatements(['UPDATE qualification SET status = $1'])).toBe('UPDATE qualification SET status = $1');
    expect(combineStatements([])).toBe('');
  });

  it('the others become data-modifying WITH entries before the last', () => {
    expect(combineStatements(['INSERT INTO owner_assignment VALUES ($1)', 'UPDATE qualification SET status = $2', 'INSERT INTO account_routing VALUES ($3)'])).toBe(
      'WITH s0 AS (INSERT INTO owner_assignment VALUES ($1)),\ns1 AS (UPDATE qualification SET status = $2)\nINSERT INTO account_routing VALUES ($3)',
    );
  });
});
