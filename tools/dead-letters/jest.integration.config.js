// Dead letters listed and replayed over a real Kafka broker and PostgreSQL.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'dead-letters-integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.integration-spec.ts'],
  testTimeout: 120000,
};
