import 'reflect-metadata';
import { EVENT_EXAMPLES } from '@handoff-graph/contracts';
import { createServiceDataSource, initializeDataSource } from '@handoff-graph/data';
import { createTestSchema, type TestSchema } from '@handoff-graph/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { assemblyInputs } from './assembly-inputs.repository';
import { lockOwnerQueues } from './handoff.repository';
import { handoffEntities, handoffMigrations } from './index';

describe('assemblyInputs over PostgreSQL', () => {
  let schema: TestSchema;
  let dataSource: DataSource;
  const resolved = EVENT_EXAMPLES['ownership-resolved'];
  const qualified = EVENT_EXAMPLES['account-qualified'];

  beforeAll(async () => {
    schema = await createTestSchema('handoff_assembly_inputs');
    dataSource = createServiceDataSource({ url: schema.url, schema: schema.schema, entities: handoffEntities, migrations: handoffMigrations });
    await initializeDataSource(dataSource);
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await schema?.drop();
  });

  const storeQualification = (m: EntityManager, id: string) =>
    m.query(
      `INSERT INTO qualification (qualification_id, account_id, qualified_at, scoring_snapshot, event_id, correlation_id) VALUES ($1, 'acc-inputs', now(), $2, $3, 'corr')`,
      [id, JSON.stringify(qualified.scoringSnapshot), randomUUID()],
    );
  const storeOutcome = (m: EntityManager, id: string) =>
    m.query(`INSERT INTO ownership_outcome (qualification_id, account_id, resolved_at, owner_assignment, unresolved_reason, event_id) VALUES ($1, 'acc-inputs', now(), $2, NULL, $3)`, [
      id,
      JSON.stringify(resolved.ownerAssignment),
      randomUUID(),
    ]);
  const advisoryLocksHeld = async (m: EntityManager) =>
    (await m.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`))[0].n as number;

  it("takes the owner's queue lock when the qualification is ready to assemble, and only then", async () => {
    const id = randomUUID();
    await dataSource.transaction(async (m) => {
      await storeQualification(m, id);
      const waiting = await assemblyInputs(m, id, 14);
      expect(waiting.outcome).toBeNull();
      expect(waiting.lockedOwnerRepId).toBeNull();
      expect(await advisoryLocksHeld(m)).toBe(0);

      await storeOutcome(m, id);
      const ready = await assemblyInputs(m, id, 14);
      expect(ready.outcome?.ownerAssignment?.owner.repId).toBe(resolved.ownerAssignment.owner.repId);
      expect(ready.lockedOwnerRepId).toBe(resolved.ownerAssignment.owner.repId);
      expect(await advisoryLocksHeld(m)).toBe(1);
    });
    // Held by the transaction only: another one takes the same lock at once afterwards (and taking it
    // again inside one transaction, as the delivery after lockOwnerQueues does, does not wait).
    await dataSource.transaction(async (m) => {
      await lockOwnerQueues(m, [resolved.ownerAssignment.owner.repId, 'rep-other', resolved.ownerAssignment.owner.repId]);
      expect(await advisoryLocksHeld(m)).toBe(2); // each owner once
      const again = await assemblyInputs(m, id, 14);
      expect(again.lockedOwnerRepId).toBe(resolved.ownerAssignment.owner.repId);
      expect(await advisoryLocksHeld(m)).toBe(2);
    });
  });
});
