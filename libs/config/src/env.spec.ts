import { z } from 'zod';
import { EnvError, baseEnvSchema, kafkaEnvSchema, messagingRetentionEnvSchema, parseEnv, portEnv, postgresEnvSchema, serviceEnvSchema } from './env';

const schema = z.object({ ...baseEnvSchema.shape, ...postgresEnvSchema.shape, ...kafkaEnvSchema.shape, ...portEnv(4001).shape });

describe('parseEnv', () => {
  it('applies defaults and splits the broker list', () => {
    const env = parseEnv(schema, { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9094' });
    expect(env).toEqual({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      KAFKA_BROKERS: ['127.0.0.1:9092', '127.0.0.1:9094'],
      KAFKA_PARTITIONS: 3,
      KAFKA_CONSUMER_CONCURRENCY: 1,
      KAFKA_CONSUMER_BATCH_SIZE: 100,
      PORT: 4001,
    });
  });

  it('reads KAFKA_PARTITIONS as a whole number of partitions', () => {
    expect(parseEnv(schema, { DATABASE_URL: 'postgres://x/y', KAFKA_PARTITIONS: '12' }).KAFKA_PARTITIONS).toBe(12);
    for (const bad of ['0', '2.5', 'three', '1001']) {
      expect(() => parseEnv(schema, { DATABASE_URL: 'postgres://x/y', KAFKA_PARTITIONS: bad })).toThrow('KAFKA_PARTITIONS: must be a whole number of partitions, 1 to 1000');
    }
  });

  it('reads KAFKA_CONSUMER_CONCURRENCY as a whole number of partitions handled at once', () => {
    expect(parseEnv(schema, { DATABASE_URL: 'postgres://x/y', KAFKA_CONSUMER_CONCURRENCY: '4' }).KAFKA_CONSUMER_CONCURRENCY).toBe(4);
    for (const bad of ['0', '1.5', 'many', '101']) {
      expect(() => parseEnv(schema, { DATABASE_URL: 'postgres://x/y', KAFKA_CONSUMER_CONCURRENCY: bad })).toThrow('KAFKA_CONSUMER_CONCURRENCY: must be a whole number of partitions, 1 to 100');
    }
  });

  it('reads KAFKA_CONSUMER_BATCH_SIZE as a whole number of events per transaction', () => {
    expect(parseEnv(schema, { DATABASE_URL: 'postgres://x/y', KAFKA_CONSUMER_BATCH_SIZE: '400' }).KAFKA_CONSUMER_BATCH_SIZE).toBe(400);
    for (const bad of ['0', '2.5', 'lots', '10001']) {
      expect(() => parseEnv(schema, { DATABASE_URL: 'postgres://x/y', KAFKA_CONSUMER_BATCH_SIZE: bad })).toThrow('KAFKA_CONSUMER_BATCH_SIZE: must be a whole number of events, 1 to 10000');
    }
  });

  it('gives every service 7 days of published outbox rows and 14 days of inbox rows by default', () => {
    const env = parseEnv(serviceEnvSchema({ schema: 'probe', port: 4001 }), { DATABASE_URL: 'postgres://x/y' });
    expect(env).toMatchObject({ OUTBOX_RETENTION_HOURS: 168, INBOX_RETENTION_HOURS: 336 });
  });

  it('reads OUTBOX_RETENTION_HOURS as a whole number of hours', () => {
    expect(parseEnv(messagingRetentionEnvSchema, { OUTBOX_RETENTION_HOURS: '1' }).OUTBOX_RETENTION_HOURS).toBe(1);
    expect(parseEnv(messagingRetentionEnvSchema, { OUTBOX_RETENTION_HOURS: '720' }).OUTBOX_RETENTION_HOURS).toBe(720);
    for (const bad of ['0', '-1', '1.5', 'a week', '87601']) {
      expect(() => parseEnv(messagingRetentionEnvSchema, { OUTBOX_RETENTION_HOURS: bad })).toThrow('OUTBOX_RETENTION_HOURS: must be a whole number of hours, 1 to 87600');
    }
  });

  it('refuses an INBOX_RETENTION_HOURS below 24, naming the rule: the inbox outlives the events in the topics', () => {
    expect(parseEnv(messagingRetentionEnvSchema, { INBOX_RETENTION_HOURS: '24' }).INBOX_RETENTION_HOURS).toBe(24);
    expect(parseEnv(messagingRetentionEnvSchema, { INBOX_RETENTION_HOURS: '720' }).INBOX_RETENTION_HOURS).toBe(720);
    for (const bad of ['0', '1', '23', '23.5', 'two weeks', '87601']) {
      let error: EnvError | undefined;
      try {
        parseEnv(messagingRetentionEnvSchema, { INBOX_RETENTION_HOURS: bad });
      } catch (e) {
        error = e as EnvError;
      }
      expect(error).toBeInstanceOf(EnvError);
      expect(error!.problems).toEqual([
        'INBOX_RETENTION_HOURS: must be a whole number of hours, 24 to 87600 (keep the inbox at least as long as Kafka keeps the topics: an event still in a topic can be redelivered, and only its inbox row makes that harmless)',
      ]);
    }
  });

  it('leaves KAFKA_BROKERS undefined when unset (in-process bus)', () => {
    expect(parseEnv(schema, { DATABASE_URL: 'postgres://x/y' }).KAFKA_BROKERS).toBeUndefined();
  });

  it('lists every problem with the variable and the rule', () => {
    let error: EnvError | undefined;
    try {
      parseEnv(schema, { DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'localhost', PORT: 'eighty' });
    } catch (e) {
      error = e as EnvError;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect(error!.problems).toEqual([
      'DATABASE_URL: must be a postgres:// URL, e.g. postgres://postgres@127.0.0.1:5432/test',
      'KAFKA_BROKERS.0: each broker must be host:port, e.g. 127.0.0.1:9092',
      'PORT: Invalid input: expected number, received NaN',
    ]);
  });
});
