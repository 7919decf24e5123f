import type { EventBus } from '@handoff-graph/bus';
import type { Logger } from '@handoff-graph/config';
import type { DataSource } from 'typeorm';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  bus: EventBus;
  logger: Logger;
  /** How often to look for unpublished rows when nobody nudges (ms). */
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
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;

  constructor(private readonly options: OutboxRelayOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
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
    return this.options.dataSource.transaction(async (manager) => {
      const rows: { seq: string; topic: string; key: string; value: string }[] = await manager.query(
        `SELECT seq, topic, key, value FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      await this.options.bus.publish(rows.map(({ topic, key, value }) => ({ topic, key, value })));
      await manager.query(`UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [rows.map((r) => r.seq)]);
      return rows.length;
    });
  }
}
