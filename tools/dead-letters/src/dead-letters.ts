/**
 * Dead letters for ops: list what is on the `dead-letter` topic, and replay chosen letters to the
 * topic they came from.
 *
 * A replay republishes the original message byte for byte (same key, so it lands on the same
 * partition and keeps its place in the account's order) with a header naming the letter. Every
 * consumer group of that topic receives it again: groups that applied the event skip it (their inbox
 * has its event id), the group that failed on it applies it now. Replaying twice is harmless for the
 * same reason. A `validation` letter (a message that broke its contract) fails again unless the
 * contract changed; replay is meant for `processing` letters once the cause is fixed.
 */
import { KafkaEventBus, readTopicsToEnd, withTopicPrefix, type BusMessage, type StoredMessage } from '@handoff-graph/bus';
import { Topics, deadLetterSchema, type DeadLetter } from '@handoff-graph/contracts';

/** The header a replayed message carries: `<partition>:<offset>` of its letter on the dead-letter topic. */
export const REPLAYED_FROM_HEADER = 'x-replayed-from-dead-letter';

export interface DeadLetterEntry {
  /** Where the letter itself sits on the dead-letter topic. */
  partition: number;
  offset: string;
  letter: DeadLetter;
  /** Read from the original value when it is an event envelope (a validation letter may have none). */
  eventId: string | null;
  type: string | null;
}

export interface LetterFilter {
  /** The consumer group that gave up on the message, as the service names it (e.g. `scoring-svc`). */
  group?: string;
  errorKind?: DeadLetter['errorKind'];
  /** Only letters whose original event has one of these ids. */
  eventIds?: string[];
  /** Only letters written at or after this moment. */
  since?: Date;
}

export interface DeadLetterTopic {
  entries: DeadLetterEntry[];
  /** Messages on the dead-letter topic that are not a dead letter (should not happen; shown, never replayed). */
  unreadable: { partition: number; offset: string; problem: string }[];
}

export interface KafkaTarget {
  brokers: string[];
  /** KAFKA_TOPIC_PREFIX of the deployment ('' for none). */
  prefix: string;
}

function topicName(target: KafkaTarget, topic: string): string {
  return target.prefix ? `${target.prefix}.${topic}` : topic;
}

/** Parses what was read from the dead-letter topic (pure). */
export function parseDeadLetters(messages: Pick<StoredMessage, 'partition' | 'offset' | 'value'>[]): DeadLetterTopic {
  const entries: DeadLetterEntry[] = [];
  const unreadable: DeadLetterTopic['unreadable'] = [];
  for (const m of messages) {
    let json: unknown;
    try {
      json = JSON.parse(m.value);
    } catch {
      unreadable.push({ partition: m.partition, offset: m.offset, problem: 'not JSON' });
      continue;
    }
    const parsed = deadLetterSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      unreadable.push({ partition: m.partition, offset: m.offset, problem: `${issue.path.join('.') || '(root)'}: ${issue.message}` });
      continue;
    }
    entries.push({ partition: m.partition, offset: m.offset, letter: parsed.data, ...envelopeIdentity(parsed.data.value) });
  }
  entries.sort((a, b) => a.letter.failedAt.localeCompare(b.letter.failedAt) || a.partition - b.partition || Number(a.offset) - Number(b.offset));
  return { entries, unreadable };
}

function envelopeIdentity(value: string): { eventId: string | null; type: string | null } {
  try {
    const v = JSON.parse(value) as { eventId?: unknown; type?: unknown };
    return { eventId: typeof v.eventId === 'string' ? v.eventId : null, type: typeof v.type === 'string' ? v.type : null };
  } catch {
    return { eventId: null, type: null };
  }
}

export function selectLetters(entries: DeadLetterEntry[], filter: LetterFilter): DeadLetterEntry[] {
  return entries.filter(
    (e) =>
      (!filter.group || e.letter.consumerGroup === filter.group) &&
      (!filter.errorKind || e.letter.errorKind === filter.errorKind) &&
      (!filter.eventIds?.length || (e.eventId !== null && filter.eventIds.includes(e.eventId))) &&
      (!filter.since || Date.parse(e.letter.failedAt) >= filter.since.getTime()),
  );
}

/**
 * The messages a replay publishes (logical topic names; the bus adds the prefix): one per original
 * message, even when several letters (several groups, or a message dead-lettered again after an
 * earlier replay) name it.
 */
export function replayMessages(entries: DeadLetterEntry[]): BusMessage[] {
  const seen = new Set<string>();
  const messages: BusMessage[] = [];
  for (const e of entries) {
    const original = `${e.letter.originalTopic}\u0000${e.letter.key}\u0000${e.letter.value}`;
    if (seen.has(original)) continue;
    seen.add(original);
    messages.push({
      topic: e.letter.originalTopic,
      key: e.letter.key,
      value: e.letter.value,
      headers: { ...e.letter.headers, [REPLAYED_FROM_HEADER]: `${e.partition}:${e.offset}` },
    });
  }
  return messages;
}

/** A plain-text table, one letter a line, newest last. */
export function formatLetters(entries: DeadLetterEntry[]): string {
  if (entries.length === 0) return 'no dead letters match';
  const rows = entries.map((e) => [
    `${e.partition}:${e.offset}`,
    e.letter.failedAt,
    e.letter.consumerGroup,
    `${e.letter.originalTopic}[${e.letter.partition}]@${e.letter.offset}`,
    e.letter.errorKind,
    e.type ?? '?',
    e.eventId ?? '-',
    e.letter.key,
    oneLine(e.letter.error, 160),
  ]);
  const header = ['letter', 'failed at', 'group', 'from', 'kind', 'event type', 'event id', 'key', 'error'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === header.length - 1 ? 0 : r[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export async function loadDeadLetters(target: KafkaTarget): Promise<DeadLetterTopic> {
  // No dead-letter topic yet: nothing was ever dead-lettered (or KAFKA_TOPIC_PREFIX names another deployment).
  const messages = await readTopicsToEnd(target.brokers, [topicName(target, Topics.deadLetter)], { skipMissing: true });
  return parseDeadLetters(messages);
}

/** Publishes the selected letters' original messages again (acks=all). Returns what was (or, dry, would be) published. */
export async function replayDeadLetters(target: KafkaTarget, entries: DeadLetterEntry[], { dryRun = false } = {}): Promise<BusMessage[]> {
  const messages = replayMessages(entries);
  if (dryRun || messages.length === 0) return messages;
  const bus = withTopicPrefix(new KafkaEventBus({ clientId: 'dead-letters-replay', brokers: target.brokers }), target.prefix);
  try {
    await bus.publish(messages);
  } finally {
    await bus.close();
  }
  return messages;
}
