import { validateTerritoryReps } from './territory-validation';

const known = new Set(['rep-ana', 'rep-ben']);

describe('validateTerritoryReps', () => {
  it('accepts two different known reps', () => {
    expect(validateTerritoryReps({ ownerRepId: 'rep-ana', backupRepId: 'rep-ben' }, known)).toEqual([]);
  });

  it('names the field of an unknown owner or backup', () => {
    expect(validateTerritoryReps({ ownerRepId: 'rep-zoe', backupRepId: 'rep-yan' }, known)).toEqual([
      { field: 'ownerRepId', rule: 'must be a known rep; rep-zoe does not exist' },
      { field: 'backupRepId', rule: 'must be a known rep; rep-yan does not exist' },
    ]);
  });

  it('refuses a backup who is the owner', () => {
    expect(validateTerritoryReps({ ownerRepId: 'rep-ana', backupRepId: 'rep-ana' }, known)).toEqual([
      { field: 'backupRepId', rule: 'must be a different rep from ownerRepId (the backup is never the owner)' },
    ]);
  });
});
