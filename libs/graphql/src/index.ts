export * from './errors';
export * from './http-server';
export * from './subgraph';
