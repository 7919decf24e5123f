import type { Clock } from '@handoff-graph/config';
import type { EventHandler } from '@handoff-graph/data';
import { incomingFromContract } from '../domain/signal';
import { recordSignals } from '../use-cases/record-signals.use-case';

/**
 * `signal-received` on the `signals` topic: the same path as recordSignals, caused by the inbound
 * event. The consumer has already validated the contract (a breaking message is dead-lettered) and
 * recorded the event id in the inbox, in this same transaction. The contract names the account by
 * its id, so a Kafka signal is always counted for that account.
 */
export function signalReceivedHandler(clock: Clock): EventHandler<'signal-received'> {
  return async (event, manager) => {
    await recordSignals(manager, [incomingFromContract(event.payload)], { now: clock(), causedBy: event });
  };
}
