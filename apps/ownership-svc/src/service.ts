import { Topics } from '@handoff-graph/contracts';
import { runService, type RunningService, type ServiceDeps } from '@handoff-graph/runtime';
import { join } from 'node:path';
import { CompiledMapCache } from './application/compiled-map-cache';
import { sweepCoverBoundaries } from './application/cover-sweep';
import { ownershipHandlers } from './events/ownership.consumer';
import { createContext, resolvers, type OwnershipContext } from './resolvers';

export { ownershipEntities, ownershipMigrations } from './data/ownership-data';

export const OWNERSHIP_SERVICE = 'ownership-svc';

export interface OwnershipServiceOptions {
  /** How often the cover sweep re-routes for leave starting or ending (default every minute). */
  coverSweepEveryMs?: number;
}

/** Reps, the versioned territory map and the owner + backup of every qualified account (see README). */
export async function startOwnershipService(deps: ServiceDeps, options: OwnershipServiceOptions = {}): Promise<RunningService> {
  const maps = new CompiledMapCache();
  const sweep = async () => {
    const result = await deps.dataSource.transaction((m) => sweepCoverBoundaries(m, maps, deps.clock()));
    if (result.moves.length > 0) {
      deps.logger.info('leave started or ended: in-flight accounts re-routed', { reason: result.reason, moved: result.moves.length });
    }
  };
  return runService<OwnershipContext>(deps, {
    name: OWNERSHIP_SERVICE,
    schemaPath: join(__dirname, 'schema.graphql'),
    resolvers,
    context: async (_req, relay, viewer) => createContext(deps.dataSource, deps.clock, relay, maps, viewer),
    produces: [Topics.ownershipEvents],
    consumer: {
      groupId: OWNERSHIP_SERVICE,
      topics: [Topics.scoringEvents, Topics.accountEvents],
      handlers: ownershipHandlers({ clock: deps.clock, logger: deps.logger, maps }),
    },
    background: [{ name: 'cover sweep (leave starting or ending)', everyMs: options.coverSweepEveryMs ?? 60_000, run: sweep }],
  });
}

// For tools (tools/bench) that drive the service's own code paths, as tools/dev-stack composes the apps.
export { applyMapEdit } from './application/apply-map-edit';
export { CompiledMapCache } from './application/compiled-map-cache';
export { insertMapVersion, lockMap, saveRep, saveSettings, saveTerritory } from './data/map.repository';
export { insertQualification } from './data/qualification.repository';
export { validateOwnershipMap } from './domain/map-validation';
export { DEFAULT_SETTINGS, type AccountProfile, type OwnershipMap, type Rep, type Territory } from './domain/ownership.types';
export { compileOwnershipMap, resolveOwnership, type OwnershipResolution } from './domain/resolve-ownership';
export { decideQualifications } from './events/decide-qualification';
