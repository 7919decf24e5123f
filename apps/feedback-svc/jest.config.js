module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'feedback-svc',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
