import type { PayloadOf, SignalType } from '@handoff-graph/contracts';

/** A signal as it arrives (the `signal-received` v1 payload, also the recordSignals input once validated). */
export type SignalReceived = PayloadOf<'signal-received'>;

/** A stored signal as the scoring rules see it. */
export interface ScoringSignal {
  signalId: string;
  signalType: SignalType;
  occurredAt: Date;
  source: string;
  detail: string | null;
  contactEmail: string | null;
}

export function fromSignalReceived(signal: SignalReceived): ScoringSignal {
  return {
    signalId: signal.signalId,
    signalType: signal.signalType,
    occurredAt: new Date(signal.occurredAt),
    source: signal.source,
    detail: signal.detail,
    contactEmail: signal.contactEmail,
  };
}
