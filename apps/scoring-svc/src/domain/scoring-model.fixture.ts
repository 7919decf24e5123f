import type { Firmographics, SignalType } from '@handoff-graph/contracts';
import { fitRuleSchema, scoringModelSchema, type FitRule, type ScoringModel } from './scoring-model';
import type { ScoringSignal } from './signal';

/** The numbers of the seeded v1 model (migration 1764100000001), for hand-worked tests. */
export const V1_MODEL: ScoringModel = scoringModelSchema.parse({
  version: 'v1',
  threshold: 60,
  rearmMargin: 10,
  cooldownDays: 0,
  fit: null,
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

/** An ICP fit rule for tests: Software +6 (Fintech +4), 200–1000 employees +4 (1001+ +2), EMEA +3 (NA +2), capped at 12. */
export const FIT_RULE: FitRule = fitRuleSchema.parse({
  capPoints: 12,
  industries: [
    { industry: 'Software', points: 6 },
    { industry: 'Fintech', points: 4 },
  ],
  employeeBands: [
    { minEmployees: 200, maxEmployees: 1000, points: 4 },
    { minEmployees: 1001, maxEmployees: null, points: 2 },
  ],
  regions: [
    { region: 'EMEA', points: 3 },
    { region: 'NA', points: 2 },
  ],
});

/** v1's rules with a fit rule and a 30-day cooldown, as a v2 might be. */
export const V2_MODEL: ScoringModel = { ...V1_MODEL, version: 'v2', cooldownDays: 30, fit: FIT_RULE };

export function firmographics(over: Partial<Firmographics> = {}): Firmographics {
  return { industry: 'Software', employeeCount: 420, annualRevenueUsd: 58_000_000, region: 'EMEA', country: 'DE', ...over };
}
