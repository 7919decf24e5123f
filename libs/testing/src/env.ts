/** Reads a variable integration tests need, with a message that says how to get it. */
export function requireTestEnv(name: 'KAFKA_BROKERS' | 'DATABASE_URL'): string {
  const value = process.env[name] ?? (name === 'DATABASE_URL' ? process.env.TEST_DATABASE_URL : undefined);
  if (value) return value;
  if (name === 'DATABASE_URL') return 'postgres://postgres@127.0.0.1:5432/test';
  throw new Error(`${name} is not set — run integration tests through \`npm test\`, which starts Kafka (tools/kafka/start.sh).`);
}

export function testKafkaBrokers(): string[] {
  return requireTestEnv('KAFKA_BROKERS').split(',');
}
