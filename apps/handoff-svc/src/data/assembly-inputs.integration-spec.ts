import 'reflect-metadata';
import { EVENT_EXAMPLES } from '@handoff-graph/contracts';
import { createServiceDataSource, initializeDataSource } from '@handoff-graph/data';
import { createTestSchema, type TestSchema } from '@handoff-graph/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { assemblyInputs, readyToAssemble } from './assembly-inputs.repository';
import { lockOwnerQueues } from './handoff.repository';
import { lockQualifications } from './qualification.repository';
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

  it('reads the ownership outcome once it is stored, and the rest only then', async () => {
    const id = randomUUID();
    await dataSource.transaction(async (m) => {
      await storeQualification(m, id);
      const waiting = (await assemblyInputs(m, [id], 14)).get(id)!;
      expect(waiting.qualification?.accountId).toBe('acc-inputs');
      expect(waiting.outcome).toBeNull();
      expect(readyToAssemble(waiting)).toBe(false);
      expect(waiting.account).toBeNull(); // nothing more is read until both halves are here
      expect(waiting.rules).toEqual([]);

      await storeOutcome(m, id);
      const ready = (await assemblyInputs(m, [id], 14)).get(id)!;
      expect(ready.outcome?.ownerAssignment?.owner.repId).toBe(resolved.ownerAssignment.owner.repId);
      expect(ready.assembled).toBe(false);
      expect(readyToAssemble(ready)).toBe(true);
    });
  });

  it('reads a run of qualifications in one statement: one entry per id (repeats once, upper case keyed lower case), each as read alone', async () => {
    const [both, alsoBoth, onlyQualification, unknown] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await dataSource.transaction(async (m) => {
      for (const id of [both, alsoBoth]) {
        await storeQualification(m, id);
        await storeOutcome(m, id);
      }
      await storeQualification(m, onlyQualification);
      const run = await assemblyInputs(m, [both.toUpperCase(), onlyQualification, unknown, alsoBoth, both], 14);
      expect([...run.keys()].sort()).toEqual([both, alsoBoth, onlyQualification, unknown].sort());
      for (const id of [both, alsoBoth, onlyQualification, unknown]) expect(run.get(id)).toEqual((await assemblyInputs(m, [id], 14)).get(id));
      expect(readyToAssemble(run.get(both)!)).toBe(true);
      // The playbook comes once in the statement; every ready qualification gets all of it.
      expect(run.get(both)!.rules.length).toBeGreaterThan(1);
      expect(run.get(alsoBoth)!.rules).toEqual(run.get(both)!.rules);
      expect(run.get(unknown)).toMatchObject({ assembled: false, qualification: null, outcome: null });
    });
  });

  it('takes the locks of a delivery once per key for the transaction: again inside it does not wait, another transaction gets them after', async () => {
    const owner = resolved.ownerAssignment.owner.repId;
    await dataSource.transaction(async (m) => {
      await lockQualifications(m, [randomUUID()]);
      await lockOwnerQueues(m, [owner, 'rep-other', owner]);
      expect(await advisoryLocksHeld(m)).toBe(3); // one qualification, two owners
      await lockOwnerQueues(m, [owner]);
      expect(await advisoryLocksHeld(m)).toBe(3);
    });
    await dataSource.transaction(async (m) => {
      await lockOwnerQueues(m, [owner]);
      expect(await advisoryLocksHeld(m)).toBe(1);
    });
  });
});
