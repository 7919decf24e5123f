export type {
  BatchHandler,
  BusHealth,
  BusMessage,
  EventBus,
  MessageHandler,
  ReceivedMessage,
  SubscribeOptions,
  Subscription,
} from './event-bus.port';
export { DEFAULT_MAX_BATCH_SIZE } from './event-bus.port';
export { InProcessEventBus, type InProcessEventBusOptions } from './in-process-event-bus';
export {
  DEFAULT_KAFKA_CONSUMER_TUNING,
  EventHandlerError,
  KafkaEventBus,
  decodeHeaders,
  fetchBytesFor,
  type KafkaConsumerTuning,
  type KafkaEventBusConfig,
} from './kafka-event-bus';
export { createEventBus, sharedInProcessBus, type CreateEventBusOptions } from './create-event-bus';
export { runEventBusContract, type EventBusContractOptions } from './event-bus.contract';
export { partitionForKey } from './key-partitioner';
export { withTopicPrefix } from './topic-prefix';
export { readTopicsToEnd, type StoredMessage } from './kafka-topic-reader';
