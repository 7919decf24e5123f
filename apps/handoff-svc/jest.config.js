module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'handoff-svc',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
