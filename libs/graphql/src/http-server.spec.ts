import { readinessReport } from './http-server';

describe('readinessReport (GET /ready)', () => {
  it('is ready when every check passes, keeping the details the checks give', async () => {
    const report = await readinessReport(
      { database: async () => ({ ok: true, detail: 'PostgreSQL answered SELECT 1' }), broker: async () => true },
      1_000,
    );
    expect(report).toEqual({ ready: true, checks: { database: true, broker: true }, details: { database: 'PostgreSQL answered SELECT 1' } });
  });

  it('names the check that failed and why', async () => {
    const report = await readinessReport(
      {
        database: async () => ({ ok: true, detail: 'PostgreSQL answered SELECT 1' }),
        broker: async () => ({ ok: false, detail: 'cannot reach Kafka at 127.0.0.1:1: Connection error' }),
      },
      1_000,
    );
    expect(report).toEqual({
      ready: false,
      checks: { database: true, broker: false },
      details: { database: 'PostgreSQL answered SELECT 1', broker: 'cannot reach Kafka at 127.0.0.1:1: Connection error' },
    });
  });

  it('counts a check that throws as down, and boolean-only checks add no details', async () => {
    const report = await readinessReport(
      {
        scoring: async () => true,
        handoff: async () => {
          throw new Error('fetch failed');
        },
      },
      1_000,
    );
    expect(report).toEqual({ ready: false, checks: { scoring: true, handoff: false } });
  });

  it('counts a check that never answers as down, saying it timed out', async () => {
    const report = await readinessReport({ broker: () => new Promise(() => undefined), database: async () => true }, 20);
    expect(report).toEqual({ ready: false, checks: { broker: false, database: true }, details: { broker: 'did not answer within 20ms' } });
  });

  it('is ready with no checks at all', async () => {
    expect(await readinessReport({}, 1_000)).toEqual({ ready: true, checks: {} });
  });
});
