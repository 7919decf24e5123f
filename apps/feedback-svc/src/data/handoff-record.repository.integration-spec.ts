import { createServiceDataSource, initializeDataSource } from '@handoff-graph/data';
import { createTestSchema, type TestSchema } from '@handoff-graph/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { HandoffRecord } from '../domain/handoff-record';
import { HandoffRecordEntity } from './handoff-record.entity';
import { HANDOFF_RECORD_COLUMNS, findHandoffRecord, lockHandoffRecords, saveHandoffRecords } from './handoff-record.repository';
import { feedbackEntities, feedbackMigrations } from './index';

/** saveHandoffRecords (one INSERT … ON CONFLICT DO UPDATE from a JSON parameter) on a migrated throwaway schema. */
let schema: TestSchema;
let dataSource: DataSource;

beforeAll(async () => {
  schema = await createTestSchema('feedback_handoff_record');
  dataSource = await initializeDataSource(
    createServiceDataSource({ url: schema.url, schema: schema.schema, entities: feedbackEntities, migrations: feedbackMigrations }),
  );
});

afterAll(async () => {
  if (dataSource?.isInitialized) await dataSource.destroy();
  await schema?.drop();
});

/** Every field set, with millisecond timestamps, a year-end queue day and text JSON must escape. */
const complete = (overrides: Partial<HandoffRecord> = {}): HandoffRecord => ({
  handoffId: randomUUID(),
  accountId: 'acc-1',
  ownerRepId: 'rep-ana',
  backupRepId: 'rep-ben',
  ownerName: `Ana O'Brien "Zoë" \\ 😀`,
  ownerTeam: 'Enterprise EMEA',
  ownerTimeZone: 'Europe/Berlin',
  territoryId: 'terr-dach',
  territoryName: 'DACH',
  modelVersion: 'model-2026.11',
  topContributor: 'PRICING_PAGE_VISIT',
  playbookRuleId: 'rule-7',
  createdAt: new Date('2026-12-31T23:59:59.123Z'),
  deliveredAt: new Date('2027-01-01T00:00:00.001Z'),
  queueDate: '2026-12-31',
  correlationId: randomUUID(),
  ...overrides,
});

/** Delivered before handoff-created arrived: every nullable field null. */
const deliveredOnly = (overrides: Partial<HandoffRecord> = {}): HandoffRecord => ({
  handoffId: randomUUID(),
  accountId: 'acc-2',
  ownerRepId: 'rep-cem',
  backupRepId: 'rep-dee',
  ownerName: null,
  ownerTeam: null,
  ownerTimeZone: null,
  territoryId: null,
  territoryName: null,
  modelVersion: null,
  topContributor: null,
  playbookRuleId: null,
  createdAt: null,
  deliveredAt: null,
  queueDate: null,
  correlationId: null,
  ...overrides,
});

const save = (records: HandoffRecord[]) => dataSource.transaction((m) => saveHandoffRecords(m, records));
const find = (handoffId: string) => findHandoffRecord(dataSource.manager, handoffId);
const lock = (handoffIds: string[]) => dataSource.transaction((m) => lockHandoffRecords(m, handoffIds));
const rowCount = async () => (await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM handoff_record`))[0].n;

describe('saveHandoffRecords', () => {
  it('writes exactly the entity’s columns, one per HandoffRecord field', () => {
    const entityColumns = dataSource.getMetadata(HandoffRecordEntity).columns.map((c) => [c.propertyName, c.databaseName]);
    expect(Object.entries(HANDOFF_RECORD_COLUMNS).sort()).toEqual(entityColumns.sort());
  });

  it('stores new records exactly as given, nulls and dates included', async () => {
    const records = [complete(), deliveredOnly(), complete({ ownerName: null, deliveredAt: null, queueDate: null, createdAt: new Date('2026-03-29T01:30:00.000Z') })];
    await save(records);

    for (const r of records) expect(await find(r.handoffId)).toEqual(r);
    const locked = await lock(records.map((r) => r.handoffId));
    expect(locked).toEqual(new Map(records.map((r) => [r.handoffId, r])));
  });

  it('keeps dates and queue days whatever the session time zone', async () => {
    const record = complete({ createdAt: new Date('2026-10-25T00:59:59.999Z'), deliveredAt: new Date('2026-10-25T01:00:00.000Z'), queueDate: '2026-10-25' });
    const readBack = await dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL TIME ZONE 'Pacific/Kiritimati'`);
      await saveHandoffRecords(m, [record]);
      return findHandoffRecord(m, record.handoffId);
    });
    expect(readBack).toEqual(record);
    expect(await find(record.handoffId)).toEqual(record);
  });

  it('overwrites every field of stored records, and inserts the new ones of the same call', async () => {
    const a = deliveredOnly();
    const b = complete();
    await save([a, b]);

    const a2 = complete({ handoffId: a.handoffId, accountId: 'acc-2b', ownerRepId: 'rep-eve', correlationId: a.correlationId });
    const b2 = deliveredOnly({
      handoffId: b.handoffId,
      ownerName: 'Ben',
      deliveredAt: new Date('2027-02-03T04:05:06.789Z'),
      queueDate: '2027-02-03',
      correlationId: b.correlationId,
    });
    const c = complete();
    await save([b2, c, a2]);

    expect(await find(a.handoffId)).toEqual(a2);
    expect(await find(b.handoffId)).toEqual(b2);
    expect(await find(c.handoffId)).toEqual(c);
    expect(await lock([a.handoffId, b.handoffId, c.handoffId])).toEqual(
      new Map([
        [a.handoffId, a2],
        [b.handoffId, b2],
        [c.handoffId, c],
      ]),
    );
  });

  it('stores the last of several records of one handoff (PostgreSQL refuses to update a row twice in one statement)', async () => {
    const first = complete();
    const last = { ...first, ownerRepId: 'rep-fay', ownerName: null, territoryName: 'Nordics' };
    const other = deliveredOnly();
    await save([first, other, last]);

    expect(await find(first.handoffId)).toEqual(last);
    expect(await find(other.handoffId)).toEqual(other);
  });

  it('does nothing for an empty list', async () => {
    const stored = complete();
    await save([stored]);
    const before = await rowCount();
    const query = jest.spyOn(dataSource.manager, 'query');
    try {
      await saveHandoffRecords(dataSource.manager, []);
      expect(query).not.toHaveBeenCalled();
    } finally {
      query.mockRestore();
    }
    expect(await rowCount()).toBe(before);
    expect(await find(stored.handoffId)).toEqual(stored);
  });
});
