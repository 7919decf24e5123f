import type { SignalType } from '@handoff-graph/contracts';
import type { ScoringSignal } from './signal';
import { calendarDaysInclusive, utcDate } from './time';

interface Phrasing {
  /** Counted: "3 pricing-page visits". */
  one: string;
  many: string;
  /** One signal, with its detail: "Intent surge on 'revenue operations'". */
  withDetail: (detail: string) => string;
}

const PHRASES: Record<SignalType, Phrasing> = {
  INTENT_SURGE: { one: 'intent surge', many: 'intent surges', withDetail: (d) => `Intent surge on '${d}'` },
  PRICING_PAGE_VISIT: { one: 'pricing-page visit', many: 'pricing-page visits', withDetail: (d) => `Pricing-page visit to '${d}'` },
  PRODUCT_PAGE_VISIT: { one: 'product-page visit', many: 'product-page visits', withDetail: (d) => `Product-page visit to '${d}'` },
  CONTENT_DOWNLOAD: { one: 'content download', many: 'content downloads', withDetail: (d) => `Downloaded '${d}'` },
  WEBINAR_ATTENDED: { one: 'webinar attended', many: 'webinars attended', withDetail: (d) => `Attended webinar '${d}'` },
  EMAIL_REPLY: { one: 'email reply', many: 'email replies', withDetail: (d) => `Email reply on '${d}'` },
  FORM_FILL: { one: 'form fill', many: 'form fills', withDetail: (d) => `Filled in form '${d}'` },
  TRIAL_ACTIVITY: { one: 'trial activity', many: 'trial activities', withDetail: (d) => `Trial activity: '${d}'` },
};

/** "+18", "+17.6": points as a rep reads them (already rounded to one decimal). */
export function formatPoints(points: number): string {
  return `+${points}`;
}

/**
 * What a contributor's signals say, in one line a rep reads in seconds:
 * - one signal with a detail: "Intent surge on 'revenue operations' (bombora) on 2026-11-20, +25";
 * - one signal without: "1 pricing-page visit (website) on 2026-11-24, +9";
 * - several: "3 pricing-page visits in 7 days, +18" (days = calendar days from the oldest one to as-of, both counted).
 */
export function evidenceText(signalType: SignalType, signals: ScoringSignal[], points: number, asOf: Date): string {
  const phrase = PHRASES[signalType];
  if (signals.length === 1) {
    const [signal] = signals;
    const what = signal.detail ? phrase.withDetail(signal.detail) : `1 ${phrase.one}`;
    return `${what} (${signal.source}) on ${utcDate(signal.occurredAt)}, ${formatPoints(points)}`;
  }
  const oldest = signals.reduce((a, b) => (b.occurredAt < a.occurredAt ? b : a));
  const days = calendarDaysInclusive(oldest.occurredAt, asOf);
  return `${signals.length} ${phrase.many} in ${days} ${days === 1 ? 'day' : 'days'}, ${formatPoints(points)}`;
}
