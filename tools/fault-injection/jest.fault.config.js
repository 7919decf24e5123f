// The crash-and-redelivery suite: every service in its own process, killed with SIGKILL in turn,
// over real PostgreSQL and a Kafka broker of its own (run.sh starts it; the suite kill -9s it too).
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'fault-injection',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.fault-spec.ts'],
  testTimeout: 15 * 60_000,
};
