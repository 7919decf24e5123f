import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { decodeHeaders } from './kafka-event-bus';

export interface StoredMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * Everything on `topics` right now, read from the beginning by a throwaway consumer group (nothing
 * committed) up to the high watermarks taken at the start: what the broker holds, independent of any
 * service's offsets. For ops tools (dead-letter list/replay) and the fault-injection suite, not for services.
 */
export async function readTopicsToEnd(
  brokers: string[],
  topics: string[],
  { timeoutMs = 120_000, skipMissing = false }: { timeoutMs?: number; /** a topic that does not exist reads as empty instead of failing */ skipMissing?: boolean } = {},
): Promise<StoredMessage[]> {
  const kafka = new Kafka({ clientId: 'handoff-graph-topic-reader', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, number>(); // `${topic}/${partition}` → high watermark
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0 && !skipMissing) throw new Error(`readTopicsToEnd: no topic ${missing.join(', ')} on ${brokers.join(',')}`);
    topics = topics.filter((t) => existing.has(t));
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (Number(p.high) > Number(p.low)) remaining.set(`${topic}/${p.partition}`, Number(p.high));
      }
    }
  } finally {
    await admin.disconnect();
  }
  const messages: StoredMessage[] = [];
  if (remaining.size === 0) return messages;
  const consumer = kafka.consumer({ groupId: `topic-reader-${randomUUID()}`, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          const id = `${batch.topic}/${batch.partition}`;
          const high = remaining.get(id);
          if (high === undefined || Number(m.offset) >= high) continue;
          messages.push({
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key?.toString('utf8') ?? '',
            value: m.value?.toString('utf8') ?? '',
            headers: decodeHeaders(m.headers),
          });
          if (Number(m.offset) + 1 >= high) remaining.delete(id);
        }
        if (remaining.size === 0) done();
      },
    });
    const timedOut = await Promise.race([finished.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), timeoutMs).unref())]);
    if (timedOut) throw new Error(`readTopicsToEnd: ${remaining.size} partitions not read to their end within ${timeoutMs / 1000} s (${[...remaining.keys()].join(', ')})`);
    return messages;
  } finally {
    await consumer.disconnect();
  }
}
