export * from './data-source';
export * from './messaging/outbox-message.entity';
export * from './messaging/consumed-message.entity';
export * from './messaging/1764000000000-CreateMessagingTables';
export * from './messaging/outbox';
export * from './messaging/outbox-relay';
export * from './messaging/event-consumer';
export * from './messaging/rounds';
