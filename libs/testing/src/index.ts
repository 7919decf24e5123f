export * from './env';
export * from './database';
export * from './wait-for';
export * from './graphql-client';
export * from './identity';
export * from './graphql-fuzz';
