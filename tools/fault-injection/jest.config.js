// Unit tests of the chaos schedule (pure).
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'fault-injection',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
