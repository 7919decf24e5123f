import { z } from 'zod';
import { eventEnvelopeSchema } from './envelope';
import { EVENT_EXAMPLES } from './examples';
import { EVENT_CONTRACTS, type EventType } from './registry';

/** JSON Schema (draft 2020-12) of one event: the envelope with `type`, `version` and `payload` pinned. */
export function eventJsonSchema(type: EventType): Record<string, unknown> {
  const contract = EVENT_CONTRACTS[type];
  const envelope = z.toJSONSchema(eventEnvelopeSchema, { io: 'input' }) as Record<string, unknown>;
  const properties = { ...(envelope.properties as Record<string, unknown>) };
  properties.type = { const: type };
  properties.version = { const: contract.version };
  properties.payload = z.toJSONSchema(contract.payload, { io: 'input', unrepresentable: 'any' });
  delete (properties.payload as Record<string, unknown>).$schema;
  return {
    ...envelope,
    $id: `https://handoff-graph.dev/events/${type}.v${contract.version}.json`,
    title: `${type} v${contract.version}`,
    description: `${contract.description} Kafka topic: ${contract.topic}; key: the account id.`,
    properties,
  };
}

/** The files published for partners: `<type>.v<version>.schema.json` and `<type>.v<version>.example.json`. */
export function publishedJsonSchemaFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const type of Object.keys(EVENT_CONTRACTS) as EventType[]) {
    const { version, topic } = EVENT_CONTRACTS[type];
    files[`${type}.v${version}.schema.json`] = JSON.stringify(eventJsonSchema(type), null, 2) + '\n';
    const example = {
      eventId: '00000000-0000-4000-8000-000000000000',
      type,
      version,
      occurredAt: '2026-11-24T14:02:13.000Z',
      aggregateId: aggregateIdOfExample(EVENT_EXAMPLES[type] as Record<string, unknown>),
      correlationId: '00000000-0000-4000-8000-00000000000c',
      causationId: null,
      producer: topic === 'signals' ? 'website-tracker' : 'handoff-graph',
      payload: EVENT_EXAMPLES[type],
    };
    files[`${type}.v${version}.example.json`] = JSON.stringify(example, null, 2) + '\n';
  }
  return files;
}

/** Account events are keyed by account id; the few that are not name their own key (rep id, ISO week). */
function aggregateIdOfExample(payload: Record<string, unknown>): string {
  return String(payload.accountId ?? payload.repId ?? payload.week);
}
