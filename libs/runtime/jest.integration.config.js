// Integration tests: real PostgreSQL and a real Kafka broker (npm test starts Kafka).
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'runtime:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.integration-spec.ts'],
  testTimeout: 60000,
};
