import { COMMITTEE_ROLES, type CommitteeRole, type SignalType } from '@handoff-graph/contracts';
import type { PrimaryContact } from './handoff.types';

/** A contact as the CRM mirror holds it. */
export interface MirrorContact {
  id: string;
  accountId: string;
  name: string;
  title: string | null;
  email: string;
  committeeRole: CommitteeRole;
}

/** One contact-level signal (from `contact-engaged`). */
export interface ContactEngagement {
  signalId: string;
  contactEmail: string;
  signalType: SignalType;
  occurredAt: Date;
  points: number;
  detail: string | null;
}

/** "The committee role most engaged in the last 28 days" (the protocol). */
export const ENGAGEMENT_WINDOW_DAYS = 28;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Evidence lists this many engagements (most recent first), then "and N more". */
export const EVIDENCE_ITEMS = 4;

export type PrimaryContactResult = { ok: true; contact: PrimaryContact } | { ok: false; reason: string };

/**
 * The engagement window: from exactly 28 days before the qualification up to the qualification,
 * both ends included. Engagement after the qualification did not lead to it and does not count.
 */
export function inEngagementWindow(occurredAt: Date, qualifiedAt: Date): boolean {
  const t = occurredAt.getTime();
  return t <= qualifiedAt.getTime() && t >= qualifiedAt.getTime() - ENGAGEMENT_WINDOW_DAYS * DAY_MS;
}

interface Candidate {
  contact: MirrorContact;
  points: number;
  engagements: ContactEngagement[];
  lastAt: number;
}

/**
 * Picks the primary contact: the account's contact with the most engagement points in the window.
 * Ties: the more senior committee role (COMMITTEE_ROLES order), then the most recent engagement,
 * then the name (then the contact id, so the choice is total). Engagement whose email matches no
 * contact of the account in the mirror does not count.
 */
export function selectPrimaryContact(input: {
  accountLabel: string;
  contacts: MirrorContact[];
  engagements: ContactEngagement[];
  qualifiedAt: Date;
}): PrimaryContactResult {
  const byEmail = new Map(input.contacts.map((c) => [c.email.toLowerCase(), c]));
  const candidates = new Map<string, Candidate>();
  for (const engagement of input.engagements) {
    if (!inEngagementWindow(engagement.occurredAt, input.qualifiedAt)) continue;
    const contact = byEmail.get(engagement.contactEmail.toLowerCase());
    if (!contact) continue;
    const candidate = candidates.get(contact.id) ?? { contact, points: 0, engagements: [], lastAt: -Infinity };
    candidate.points += engagement.points;
    candidate.engagements.push(engagement);
    candidate.lastAt = Math.max(candidate.lastAt, engagement.occurredAt.getTime());
    candidates.set(contact.id, candidate);
  }
  if (candidates.size === 0) {
    const unmatched = input.engagements.filter(
      (e) => inEngagementWindow(e.occurredAt, input.qualifiedAt) && !byEmail.has(e.contactEmail.toLowerCase()),
    ).length;
    const note = unmatched > 0 ? ` (${unmatched} engagement${unmatched === 1 ? '' : 's'} came from emails not in the CRM mirror)` : '';
    return {
      ok: false,
      reason: `no contact of ${input.accountLabel} engaged in the ${ENGAGEMENT_WINDOW_DAYS} days before qualification${note}.`,
    };
  }
  const [best] = [...candidates.values()].sort(compareCandidates);
  const { contact } = best;
  return {
    ok: true,
    contact: {
      contactId: contact.id,
      name: contact.name,
      title: contact.title,
      email: contact.email,
      committeeRole: contact.committeeRole,
      engagementEvidence: engagementEvidence(best.engagements),
      engagementScore: roundPoints(best.points),
    },
  };
}

function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    roundPoints(b.points) - roundPoints(a.points) ||
    COMMITTEE_ROLES.indexOf(a.contact.committeeRole) - COMMITTEE_ROLES.indexOf(b.contact.committeeRole) ||
    b.lastAt - a.lastAt ||
    compareText(a.contact.name, b.contact.name) ||
    compareText(a.contact.id, b.contact.id)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Points are compared and shown to two decimals, so float noise never decides a tie. */
function roundPoints(points: number): number {
  return Math.round(points * 100) / 100;
}

/**
 * What they did and when, most recent first:
 * "Visited /pricing/enterprise on 2026-11-24; attended webinar 'Fixing the MQA handoff' on 2026-11-19".
 */
export function engagementEvidence(engagements: ContactEngagement[]): string {
  const sorted = [...engagements].sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || compareText(a.signalId, b.signalId));
  const shown = sorted.slice(0, EVIDENCE_ITEMS).map((e) => `${describeEngagement(e)} on ${e.occurredAt.toISOString().slice(0, 10)}`);
  const more = sorted.length - shown.length;
  const text = shown.join('; ') + (more > 0 ? `; and ${more} more engagement${more === 1 ? '' : 's'}` : '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describeEngagement({ signalType, detail }: ContactEngagement): string {
  switch (signalType) {
    case 'PRICING_PAGE_VISIT':
      return detail ? `visited ${detail}` : 'visited the pricing page';
    case 'PRODUCT_PAGE_VISIT':
      return detail ? `visited ${detail}` : 'visited a product page';
    case 'CONTENT_DOWNLOAD':
      return detail ? `downloaded '${detail}'` : 'downloaded content';
    case 'WEBINAR_ATTENDED':
      return detail ? `attended webinar '${detail}'` : 'attended a webinar';
    case 'EMAIL_REPLY':
      return detail ? `replied to email '${detail}'` : 'replied to an email';
    case 'FORM_FILL':
      return detail ? `filled in form '${detail}'` : 'filled in a form';
    case 'TRIAL_ACTIVITY':
      return detail ? `used the trial (${detail})` : 'used the trial';
    case 'INTENT_SURGE':
      return detail ? `showed intent on '${detail}'` : 'showed an intent surge';
  }
}
