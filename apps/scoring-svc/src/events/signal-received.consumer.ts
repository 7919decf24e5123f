import type { Clock } from '@handoff-graph/config';
import { roundsByKey, type EventBatchHandler } from '@handoff-graph/data';
import { incomingFromContract } from '../domain/signal';
import { recordSignals } from '../use-cases/record-signals.use-case';

/**
 * `signal-received` on the `signals` topic: the same path as recordSignals, caused by the inbound
 * events. The consumer has already validated the contracts (a breaking message is dead-lettered)
 * and recorded the event ids in the inbox, in this same transaction. The contract names the account
 * by its id, so a Kafka signal is always counted for that account.
 *
 * A run of consecutive signals from one partition is recorded in rounds, one recordSignals call
 * (a handful of statements) per round: round k holds the k-th signal of each account in the run
 * (`roundsByKey`).
 * Each account's signals are still counted one at a time, in order, so the account qualifies at
 * the signal that takes it over the threshold — with that signal's snapshot, caused by that
 * signal's event — exactly as one event at a time; accounts are independent of each other. What a
 * signal causes (contact-engaged, account-qualified) names that signal's event as its cause.
 */
export function signalReceivedHandler(clock: Clock): EventBatchHandler<'signal-received'> {
  return {
    batch: async (events, manager) => {
      for (const round of roundsByKey(events, (e) => e.payload.accountId)) {
        const causedBySignal = new Map<string, { eventId: string; correlationId: string }>();
        for (const e of round) if (!causedBySignal.has(e.payload.signalId)) causedBySignal.set(e.payload.signalId, e);
        await recordSignals(
          manager,
          round.map((e) => incomingFromContract(e.payload)),
          { now: clock(), causedBy: round.length === 1 ? round[0] : undefined, causedBySignal },
        );
      }
    },
  };
}
