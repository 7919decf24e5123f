export * from './errors';
export * from './http-server';
export * from './subgraph';
export * from './query-limits';
export * from './storable-text';
