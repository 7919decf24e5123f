import type { SignalType } from '@handoff-graph/contracts';
import { scoringModelSchema, type ScoringModel } from './scoring-model';
import type { ScoringSignal } from './signal';

/** The numbers of the seeded v1 model (migration 1764100000001), for hand-worked tests. */
export const V1_MODEL: ScoringModel = scoringModelSchema.parse({
  version: 'v1',
  threshold: 60,
  rearmMargin: 10,
  rules: {
    INTENT_SURGE: { points: 25, halfLifeDays: 14, capPoints: 25, label: 'Intent surge' },
    PRICING_PAGE_VISIT: { points: 9, halfLifeDays: 7, capPoints: 30, label: 'Pricing-page visits' },
    PRODUCT_PAGE_VISIT: { points: 4, halfLifeDays: 7, capPoints: 16, label: 'Product-page visits' },
    CONTENT_DOWNLOAD: { points: 6, halfLifeDays: 14, capPoints: 18, label: 'Content downloads' },
    WEBINAR_ATTENDED: { points: 20, halfLifeDays: 14, capPoints: 20, label: 'Webinar attendance' },
    EMAIL_REPLY: { points: 15, halfLifeDays: 10, capPoints: 30, label: 'Email replies' },
    FORM_FILL: { points: 15, halfLifeDays: 14, capPoints: 15, label: 'Form fills' },
    TRIAL_ACTIVITY: { points: 12, halfLifeDays: 7, capPoints: 36, label: 'Trial activity' },
  },
});

let seq = 0;

/** A signal for tests: `signal('PRICING_PAGE_VISIT', '2026-11-24T09:00:00Z', { detail: '/pricing' })`. */
export function signal(signalType: SignalType, occurredAt: string, extra: Partial<ScoringSignal> = {}): ScoringSignal {
  seq += 1;
  return {
    signalId: `sig-${seq}`,
    signalType,
    occurredAt: new Date(occurredAt),
    source: 'website',
    detail: null,
    contactEmail: null,
    ...extra,
  };
}
