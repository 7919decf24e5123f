/**
 * The whole system as separate processes, driven from outside: what the benchmarks (tools/bench) and the
 * fault-injection suite (tools/fault-injection) share.
 */
export * from './process-stack';
export * from './kafka-tools';
export * from './seed';
