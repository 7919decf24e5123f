import type { EntityManager } from 'typeorm';
import { currentMapVersion, loadCurrentMap, loadMapAtVersion } from '../data/map.repository';
import { compileOwnershipMap, type CompiledOwnershipMap } from '../domain/resolve-ownership';

/**
 * Every map change writes a new version, so a compiled map is good for as long as its version is
 * the latest: reads check one number instead of loading every rep and territory again. Holds the
 * current map and a few past versions (as-of queries).
 */
export class CompiledMapCache {
  private readonly byVersion = new Map<number, CompiledOwnershipMap>();

  constructor(private readonly maxVersions = 8) {}

  /**
   * The current map. Call it inside a transaction holding `lockMap(manager, 'read')` (or 'change'):
   * no map change can commit while the rows are read, so the version and the rows agree.
   * `knownVersion`: the current version as the caller read it under that lock (saves a query).
   */
  async current(manager: EntityManager, knownVersion?: number): Promise<CompiledOwnershipMap> {
    const version = knownVersion ?? (await currentMapVersion(manager));
    const cached = this.byVersion.get(version);
    if (cached) return cached;
    const map = await loadCurrentMap(manager);
    const compiled = compileOwnershipMap(map);
    if (map.version === version) this.remember(compiled);
    return compiled;
  }

  /** A past version, rebuilt from the revisions. */
  async atVersion(manager: EntityManager, version: number): Promise<CompiledOwnershipMap> {
    const cached = this.byVersion.get(version);
    if (cached) return cached;
    const compiled = compileOwnershipMap(await loadMapAtVersion(manager, version));
    this.remember(compiled);
    return compiled;
  }

  private remember(map: CompiledOwnershipMap): void {
    this.byVersion.set(map.version, map);
    while (this.byVersion.size > this.maxVersions) {
      const oldest = Math.min(...this.byVersion.keys());
      this.byVersion.delete(oldest);
    }
  }
}
