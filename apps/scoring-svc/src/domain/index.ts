export * from './apply-signal';
export * from './evidence';
export * from './qualification';
export * from './score';
export * from './scoring-model';
export * from './signal';
export * from './time';
