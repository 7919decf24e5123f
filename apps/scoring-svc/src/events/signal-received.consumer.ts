import type { Clock } from '@handoff-graph/config';
import type { EventEnvelope } from '@handoff-graph/contracts';
import type { EventBatchHandler } from '@handoff-graph/data';
import { incomingFromContract } from '../domain/signal';
import { recordSignals } from '../use-cases/record-signals.use-case';

/**
 * `signal-received` on the `signals` topic: the same path as recordSignals, caused by the inbound
 * events. The consumer has already validated the contracts (a breaking message is dead-lettered)
 * and recorded the event ids in the inbox, in this same transaction. The contract names the account
 * by its id, so a Kafka signal is always counted for that account.
 *
 * A run of consecutive signals from one partition is recorded in rounds, one recordSignals call
 * (a handful of statements) per round: round k holds the k-th signal of each account in the run.
 * Each account's signals are still counted one at a time, in order, so the account qualifies at
 * the signal that takes it over the threshold — with that signal's snapshot, caused by that
 * signal's event — exactly as one event at a time; accounts are independent of each other. What a
 * signal causes (contact-engaged, account-qualified) names that signal's event as its cause.
 */
export function signalReceivedHandler(clock: Clock): EventBatchHandler<'signal-received'> {
  return {
    batch: async (events, manager) => {
      for (const round of roundsByAccount(events)) {
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

/** Round k: the k-th event of each account, in the run's order. */
export function roundsByAccount(events: EventEnvelope<'signal-received'>[]): EventEnvelope<'signal-received'>[][] {
  const rounds: EventEnvelope<'signal-received'>[][] = [];
  const seen = new Map<string, number>();
  for (const e of events) {
    const k = seen.get(e.payload.accountId) ?? 0;
    seen.set(e.payload.accountId, k + 1);
    (rounds[k] ??= []).push(e);
  }
  return rounds;
}
