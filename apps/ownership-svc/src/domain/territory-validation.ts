import type { Territory } from './ownership.types';

/** A field (relative to the territory input) and the rule it broke. */
export interface TerritoryProblem {
  field: 'ownerRepId' | 'backupRepId';
  rule: string;
}

/**
 * Save-time checks that need the rep roster: owner and backup must be known reps and two different
 * people (a backup who is the owner backs nobody up). Every problem is reported, not just the first.
 */
export function validateTerritoryReps(
  territory: Pick<Territory, 'ownerRepId' | 'backupRepId'>,
  knownRepIds: ReadonlySet<string>,
): TerritoryProblem[] {
  const problems: TerritoryProblem[] = [];
  if (!knownRepIds.has(territory.ownerRepId)) {
    problems.push({ field: 'ownerRepId', rule: `must be a known rep; ${territory.ownerRepId} does not exist` });
  }
  if (!knownRepIds.has(territory.backupRepId)) {
    problems.push({ field: 'backupRepId', rule: `must be a known rep; ${territory.backupRepId} does not exist` });
  }
  if (territory.ownerRepId === territory.backupRepId) {
    problems.push({ field: 'backupRepId', rule: 'must be a different rep from ownerRepId (the backup is never the owner)' });
  }
  return problems;
}
