import type { MapProblem } from './map-validation';
import { errorsInvolving, validateOwnershipMap } from './map-validation';
import { describeRepChange, describeSettingsChange, describeTerritoryChange } from './map-change';
import { mergeRep, mergeSettings, sortPeriods, type RepInput, type SettingsInput } from './inputs.schema';
import type { OutOfOfficePeriod, OwnershipMap, OwnershipSettings, Rep, Territory } from './ownership.types';

/** One change ops make to the map through GraphQL. */
export type MapEdit =
  | { kind: 'UPSERT_REP'; input: RepInput }
  | { kind: 'ADD_OUT_OF_OFFICE'; repId: string; period: Omit<OutOfOfficePeriod, 'id'> }
  | { kind: 'CANCEL_OUT_OF_OFFICE'; repId: string; periodId: string }
  | { kind: 'UPSERT_TERRITORY'; territory: Territory }
  | { kind: 'RETIRE_TERRITORY'; territoryId: string }
  | { kind: 'UPDATE_SETTINGS'; input: SettingsInput };

/** A problem with the edit, named by input field (relative to the mutation's argument). */
export interface EditProblem {
  field: string;
  rule: string;
  code: string;
  territoryIds: string[];
  repIds: string[];
}

/** The edit is refused: nothing is written. */
export class MapEditRefused extends Error {
  constructor(
    readonly reason: 'INVALID' | 'NOT_FOUND',
    readonly problems: EditProblem[],
  ) {
    super(problems.map((p) => `${p.field}: ${p.rule}`).join('; '));
    this.name = 'MapEditRefused';
  }
}

export interface PlannedEdit {
  /** The map after the edit (same version number: the caller assigns the next one). */
  after: OwnershipMap;
  /** What changed in words; null when the edit changes nothing (no version is written). */
  change: string | null;
  /** The rep the edit wrote (UPSERT_REP, out-of-office edits), for `rep-upserted`. */
  rep: Rep | null;
  territory: Territory | null;
  retiredTerritoryId: string | null;
  settings: OwnershipSettings | null;
  /** Every problem of the map after the edit (warnings included), for the caller to show. */
  problems: MapProblem[];
}

const notFound = (field: string, rule: string): MapEditRefused =>
  new MapEditRefused('NOT_FOUND', [{ field, rule, code: 'NOT_FOUND', territoryIds: [], repIds: [] }]);

/**
 * Applies an edit to the map in memory, validates the result and describes the change. Throws
 * MapEditRefused when the edit introduces an error (problems already in the map elsewhere do not
 * block it, so a map saved before a check existed can still be repaired). Pure.
 */
export function planMapEdit(before: OwnershipMap, edit: MapEdit, newId: () => string): PlannedEdit {
  const repsById = new Map(before.reps.map((r) => [r.id, r]));
  const after: OwnershipMap = { ...before, reps: [...before.reps], territories: [...before.territories] };
  const putRep = (rep: Rep) => {
    const i = after.reps.findIndex((r) => r.id === rep.id);
    if (i >= 0) after.reps[i] = rep;
    else after.reps.push(rep);
  };
  let rep: Rep | null = null;
  let territory: Territory | null = null;
  let retiredTerritoryId: string | null = null;
  let settings: OwnershipSettings | null = null;
  let change: string | null = null;
  let involved: { territoryIds?: string[]; repIds?: string[] } = {};
  let fieldOf: (p: MapProblem) => string = (p) => p.field ?? 'input';

  const name = (id: string) => after.reps.find((r) => r.id === id)?.name ?? id;
  switch (edit.kind) {
    case 'UPSERT_REP': {
      const existing = repsById.get(edit.input.id) ?? null;
      rep = mergeRep(existing, edit.input, newId);
      putRep(rep);
      change = describeRepChange(existing, rep, name);
      involved = { repIds: [rep.id] };
      const id = rep.id;
      fieldOf = (p) => `input.${p.field === 'managerRepId' && p.repIds[0] === id ? 'managerRepId' : 'role'}`;
      break;
    }
    case 'ADD_OUT_OF_OFFICE':
    case 'CANCEL_OUT_OF_OFFICE': {
      const existing = repsById.get(edit.repId);
      if (!existing) throw notFound(edit.kind === 'ADD_OUT_OF_OFFICE' ? 'input.repId' : 'repId', `no rep ${edit.repId}`);
      let outOfOffice: OutOfOfficePeriod[];
      if (edit.kind === 'ADD_OUT_OF_OFFICE') {
        outOfOffice = sortPeriods([...existing.outOfOffice, { id: newId(), ...edit.period }]);
      } else {
        if (!existing.outOfOffice.some((p) => p.id === edit.periodId)) throw notFound('periodId', `${existing.name} has no out-of-office period ${edit.periodId}`);
        outOfOffice = existing.outOfOffice.filter((p) => p.id !== edit.periodId);
      }
      rep = { ...existing, outOfOffice };
      putRep(rep);
      change = describeRepChange(existing, rep, name);
      break;
    }
    case 'UPSERT_TERRITORY': {
      territory = edit.territory;
      const i = after.territories.findIndex((t) => t.id === edit.territory.id);
      const existing = i >= 0 ? after.territories[i] : null;
      if (i >= 0) after.territories[i] = territory;
      else after.territories.push(territory);
      change = describeTerritoryChange(existing, territory, name);
      involved = { territoryIds: [territory.id] };
      fieldOf = (p) => `input.${p.field ?? 'id'}`;
      break;
    }
    case 'RETIRE_TERRITORY': {
      const existing = after.territories.find((t) => t.id === edit.territoryId);
      if (!existing) throw notFound('id', `no live territory ${edit.territoryId}`);
      after.territories = after.territories.filter((t) => t.id !== edit.territoryId);
      retiredTerritoryId = existing.id;
      change = describeTerritoryChange(existing, null, name);
      break;
    }
    case 'UPDATE_SETTINGS': {
      settings = mergeSettings(before.settings, edit.input);
      after.settings = settings;
      change = describeSettingsChange(before.settings, settings);
      break;
    }
  }
  const problems = validateOwnershipMap(after);
  let errors = errorsInvolving(problems, involved);
  if (edit.kind === 'UPSERT_REP' && errors.length > 0) {
    // A rep edit cannot fix a territory's problem: only the errors it introduces refuse it.
    const key = (p: MapProblem) => `${p.code}|${p.territoryIds.join(',')}|${p.repIds.join(',')}`;
    const already = new Set(validateOwnershipMap(before).map(key));
    errors = errors.filter((p) => !already.has(key(p)));
  }
  if (errors.length > 0) {
    throw new MapEditRefused(
      'INVALID',
      errors.map((p) => ({ field: fieldOf(p), rule: p.message, code: p.code, territoryIds: p.territoryIds, repIds: p.repIds })),
    );
  }
  return { after, change, rep, territory, retiredTerritoryId, settings, problems };
}
