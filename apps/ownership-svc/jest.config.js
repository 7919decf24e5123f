module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'ownership-svc',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
