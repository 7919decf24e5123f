import 'reflect-metadata';
import { createServiceDataSource, initializeDataSource } from '@handoff-graph/data';
import { createTestSchema, type TestSchema } from '@handoff-graph/testing';
import type { DataSource } from 'typeorm';
import { HandoffEntity } from './handoff.entity';
import { insertHandoffs, queueRanks } from './handoff.repository';
import { handoffEntities, handoffMigrations } from './index';

/**
 * The ranks insertHandoffs reads for a run's arrivals: several on one owner's day (each counts the
 * stored handoffs ahead of it and the run's arrivals ahead of it) and one alone on its day, each as
 * queueRanks reads it right after that handoff alone is stored.
 */
describe('insertHandoffs ranks over PostgreSQL', () => {
  let schema: TestSchema;
  let dataSource: DataSource;
  const DAY = '2026-12-02';
  const BEFORE = '2026-12-01';
  const AFTER = '2026-12-03';
  const STORED_AT = Date.parse('2026-12-02T08:00:00.000Z');
  const RUN_AT = Date.parse('2026-12-02T12:00:00.000Z');
  const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

  let next = 0;
  /** A handoff queued for `owner` on `queueDate` (meant for `intendedDate`), created `minutes` after `from`. */
  const queued = (owner: string, queueDate: string, intendedDate: string, priority: number | null, from: number, minutes: number): HandoffEntity => {
    const n = ++next;
    const at = new Date(from + minutes * 60_000);
    return Object.assign(new HandoffEntity(), {
      id: uuid(n),
      qualificationId: uuid(10_000 + n),
      accountId: `acc-rank-${n}`,
      status: 'DELIVERED',
      namedAccount: null,
      primaryContact: null,
      scoringSnapshot: null,
      nextAction: null,
      ownerAssignment: null,
      missingElements: [],
      reasons: [],
      createdAt: at,
      deliveredAt: at,
      ownerRepId: owner,
      currentAssignment: null,
      queueDate,
      priority,
      intendedQueueDate: intendedDate,
      queuedAt: at,
      statusChangedAt: at,
      playbookRuleVersion: null,
      stage: null,
    });
  };

  beforeAll(async () => {
    schema = await createTestSchema('handoff_ranks');
    dataSource = createServiceDataSource({ url: schema.url, schema: schema.schema, entities: handoffEntities, migrations: handoffMigrations });
    await initializeDataSource(dataSource);
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await schema?.drop();
  });

  it('ranks arrivals sharing a day mid-queue and one alone on its day as queueRanks reads each right after it is stored', async () => {
    const stored = [
      // rep-a's queue on DAY: two carried over from BEFORE (ahead of every handoff meant for DAY), four meant for DAY.
      queued('rep-a', DAY, BEFORE, 50, STORED_AT, 0),
      queued('rep-a', DAY, BEFORE, 90, STORED_AT, 1),
      queued('rep-a', DAY, DAY, 95, STORED_AT, 2),
      queued('rep-a', DAY, DAY, 80, STORED_AT, 3),
      queued('rep-a', DAY, DAY, null, STORED_AT, 4),
      queued('rep-a', DAY, DAY, 80, STORED_AT, 5),
      // rep-a on AFTER: one carried over from DAY, two meant for AFTER.
      queued('rep-a', AFTER, DAY, 10, STORED_AT, 6),
      queued('rep-a', AFTER, AFTER, 90, STORED_AT, 7),
      queued('rep-a', AFTER, AFTER, 50, STORED_AT, 8),
      // Another owner's DAY, ahead of everything in queue order: not rep-a's queue.
      queued('rep-b', DAY, BEFORE, 99, STORED_AT, 9),
      queued('rep-b', DAY, DAY, 99, STORED_AT, 10),
    ];
    await dataSource.transaction((m) => insertHandoffs(m, stored, { ranks: false }));

    // The run, in order (created a second apart): four counted on rep-a's DAY, one whose rank the caller
    // knows (it joined DAY last), one alone on AFTER, and an incomplete handoff (no queue).
    const a1 = queued('rep-a', DAY, DAY, 85, RUN_AT, 0);
    const last = queued('rep-a', DAY, DAY, null, RUN_AT, 1 / 60);
    const a2 = queued('rep-a', DAY, BEFORE, 60, RUN_AT, 2 / 60);
    const a3 = queued('rep-a', DAY, DAY, 80, RUN_AT, 3 / 60);
    const a4 = queued('rep-a', DAY, DAY, null, RUN_AT, 4 / 60);
    const alone = queued('rep-a', AFTER, AFTER, 70, RUN_AT, 5 / 60);
    const incomplete = Object.assign(queued('rep-a', DAY, DAY, null, RUN_AT, 6 / 60), {
      status: 'INCOMPLETE',
      missingElements: ['OWNER_ASSIGNMENT'],
      reasons: ['ownership-svc named no owner.'],
      deliveredAt: null,
      ownerRepId: null,
      queueDate: null,
      intendedQueueDate: null,
      queuedAt: null,
    });
    const run = [a1, last, a2, a3, a4, alone, incomplete];
    const knownRanks = [null, 8, null, null, null, null, null];

    // What queueRanks reads right after each is stored on its own, in the run's order (rolled back).
    const oneAtATime = new Map<string, number | null>();
    const qr = dataSource.createQueryRunner();
    await qr.startTransaction();
    try {
      for (const h of run) {
        await insertHandoffs(qr.manager, [h], { ranks: false });
        oneAtATime.set(h.id, (await queueRanks(qr.manager, [h.id])).get(h.id) ?? null);
      }
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }

    const result = await dataSource.transaction((m) => insertHandoffs(m, run, { ranks: true, knownRanks }));
    expect(result.map((r) => r.inserted)).toEqual(run.map(() => true));
    expect(result.map((r) => r.rank)).toEqual(run.map((h) => oneAtATime.get(h.id)));
    // By hand: a1 behind the two carried over and the 95; a2 (carried over itself) behind only the 90 carried over;
    // a3 behind both carried over, a2, the 95, a1 and the two stored 80s (created earlier); a4 behind all but itself;
    // alone behind AFTER's carried-over handoff and its 90.
    expect(result.map((r) => r.rank)).toEqual([4, 8, 2, 8, 11, 3, null]);
  });
});
