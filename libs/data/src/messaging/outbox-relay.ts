import type { EventBus } from '@handoff-graph/bus';
import type { Logger } from '@handoff-graph/config';
import type { PoolClient, QueryResult } from 'pg';
import type { DataSource } from 'typeorm';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  bus: EventBus;
  logger: Logger;
  /**
   * How often to look for unpublished rows when nobody nudges (ms; default 1000). Transactions that
   * enqueue events nudge the relay when they commit, so the poll only picks up what nobody announced:
   * rows left by a failed publish, or written without a nudge.
   */
  pollIntervalMs?: number;
  batchSize?: number;
}

/**
 * Publishes outbox rows in `seq` order and marks them published. Rows are locked with
 * FOR UPDATE SKIP LOCKED, so several instances of a service can relay side by side; a row is only
 * marked once the broker acknowledged it, so a crash in between republishes (at-least-once; the
 * consumers' inbox makes that harmless).
 *
 * Nudges coalesce: nudges before a cycle starts share it (one timer), and any number of nudges
 * while a cycle runs ask for one more cycle, which takes up to `batchSize` rows in one `publish`.
 * So under load the relay runs a cycle per broker round trip, not per committed transaction.
 *
 * A cycle is two database round trips on one pooled connection: `BEGIN` with the locking read, then
 * the mark with `COMMIT` (a cycle that finds nothing commits at once). Both go as simple-protocol
 * statement lists without parameters; their only values are the batch size and the `seq` numbers
 * PostgreSQL itself returned.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;

  constructor(private readonly options: OutboxRelayOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.batchSize = options.batchSize ?? 200;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Call after a transaction that enqueued events commits: publishes without waiting for the poll. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Publishes everything pending now (tests and shutdown). Returns how many rows were published. */
  async flush(): Promise<number> {
    await this.running;
    let total = 0;
    for (;;) {
      const n = await this.publishBatch();
      total += n;
      if (n < this.batchSize) return total;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = (async () => {
      try {
        let n: number;
        do {
          this.again = false;
          n = await this.publishBatch();
        } while (!this.stopped && (n === this.batchSize || this.again));
      } catch (e) {
        this.options.logger.warn('outbox relay failed; will retry', { error: (e as Error).message });
      }
    })();
    await this.running;
    this.running = undefined;
    // A nudge that came after the loop's last look at `again` (while it was finishing) is not left
    // waiting for the poll.
    if (!this.stopped) this.schedule(this.again ? 0 : this.pollIntervalMs);
  }

  private async publishBatch(): Promise<number> {
    const runner = this.options.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      const [, locked] = (await client.query(
        `BEGIN; SELECT seq, topic, key, value FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT ${Math.trunc(this.batchSize)} FOR UPDATE SKIP LOCKED`,
      )) as unknown as [QueryResult, QueryResult<{ seq: string; topic: string; key: string; value: string }>];
      const rows = locked.rows;
      if (rows.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      await this.options.bus.publish(rows.map(({ topic, key, value }) => ({ topic, key, value })));
      const seqs = rows.map((r) => BigInt(r.seq).toString()).join(',');
      await client.query(`UPDATE outbox SET published_at = now() WHERE seq = ANY('{${seqs}}'::bigint[]); COMMIT`);
      return rows.length;
    } catch (e) {
      // Whatever failed, the rows stay unpublished; a connection that cannot even roll back is closed, not pooled again.
      await client.query('ROLLBACK').catch(() => client.end().catch(() => undefined));
      throw e;
    } finally {
      await runner.release();
    }
  }
}
