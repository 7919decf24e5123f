module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'scoring-svc',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
