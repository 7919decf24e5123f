export * from './env';
export * from './clock';
export * from './logger';
