import { InProcessEventBus } from './in-process-event-bus';
import { KafkaEventBus } from './kafka-event-bus';
import type { BusHealth, BusMessage, EventBus, SubscribeOptions, Subscription } from './event-bus.port';

export interface CreateEventBusOptions {
  /** Identifies the service to the broker (kafkajs clientId). */
  clientId: string;
  /** Kafka bootstrap brokers (127.0.0.1:9092 style). Absent or empty → in-process bus. */
  kafkaBrokers?: string[];
  /**
   * Partitions of the Kafka topics this bus creates (KAFKA_PARTITIONS; topics that already exist
   * keep theirs). Default 3. The shared in-process bus always has 3.
   */
  partitions?: number;
  /** Partitions a Kafka consumer handles at the same time (KAFKA_CONSUMER_CONCURRENCY). Default 1. */
  consumerConcurrency?: number;
  /** Messages per batch of a Kafka consumer whose subscription does not say (KAFKA_CONSUMER_BATCH_SIZE). Default 100. */
  consumerBatchSize?: number;
}

let shared: InProcessEventBus | undefined;

/**
 * The process-wide in-process bus: every service started in this process (`npm start` with
 * embedded defaults) publishes to and consumes from this one instance. Recreated if it was closed.
 */
export function sharedInProcessBus(): InProcessEventBus {
  if (!shared || shared.isClosed) shared = new InProcessEventBus();
  return shared;
}

/**
 * Kafka when brokers are given, otherwise the shared in-process bus. For the in-process case the
 * caller gets a view of the shared bus whose `close()` stops only the subscriptions made through
 * it, so one service shutting down does not close the bus under the others in the same process.
 */
export function createEventBus({ clientId, kafkaBrokers, partitions, consumerConcurrency, consumerBatchSize }: CreateEventBusOptions): EventBus {
  if (kafkaBrokers && kafkaBrokers.length > 0) {
    return new KafkaEventBus({
      clientId,
      brokers: kafkaBrokers,
      partitions,
      consumer: {
        ...(consumerConcurrency ? { partitionsConsumedConcurrently: consumerConcurrency } : {}),
        ...(consumerBatchSize ? { maxBatchSize: consumerBatchSize } : {}),
      },
    });
  }
  return new SharedBusView(sharedInProcessBus());
}

class SharedBusView implements EventBus {
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(private readonly bus: InProcessEventBus) {}

  async ensureTopics(topics: string[]): Promise<void> {
    this.assertOpen();
    await this.bus.ensureTopics(topics);
  }

  async publish(messages: BusMessage[]): Promise<void> {
    this.assertOpen();
    await this.bus.publish(messages);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    const inner = await this.bus.subscribe(options);
    const subscription: Subscription = {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await inner.stop();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async health(): Promise<BusHealth> {
    if (this.closed) return { ok: false, detail: 'this service\'s view of the in-process bus is closed' };
    return this.bus.health();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event bus is closed');
  }
}
