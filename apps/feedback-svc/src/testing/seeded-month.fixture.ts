import { EVENT_EXAMPLES, createEvent, type EventEnvelope, type PayloadOf, type RejectionReason, type SignalType } from '@handoff-graph/contracts';

/**
 * A month of handoff events for the metric tests: ISO weeks 2026-W43 … 2026-W46 (19 Oct – 15 Nov
 * 2026), across Europe/Berlin's DST end (Sun 25 Oct, 03:00 CEST → 02:00 CET) and New York's
 * (Sun 1 Nov, 02:00 EDT → 01:00 EST). The team's metrics time zone is Europe/Berlin.
 *
 * Reps:  ana  EMEA  Europe/Berlin     profile (rep-upserted) Mon–Fri 09:00–17:30
 *        ben  EMEA  Europe/Berlin     no profile → default Mon–Fri 09:00–17:00 in the RepRef zone
 *        nick NA    America/New_York  profile Mon–Fri 08:00–16:00
 *
 * Berlin weeks as instants: W43 18 Oct 22:00Z – 25 Oct 23:00Z (169 h), W44 25 Oct 23:00Z – 1 Nov 23:00Z,
 * W45 1 Nov 23:00Z – 8 Nov 23:00Z, W46 8 Nov 23:00Z – 15 Nov 23:00Z. Every number the tests expect is
 * worked out in the comment of its handoff below.
 */
export const SEEDED_TIME_ZONE = 'Europe/Berlin';
/** "Now" for the seeded month: Friday of W47, so every first business day of W43–W46 is over. */
export const SEEDED_NOW = '2026-11-20T12:00:00.000Z';

type RepKey = 'ana' | 'ben' | 'nick';
export const REPS: Record<RepKey, PayloadOf<'handoff-created'>['ownerAssignment']['owner']> = {
  ana: { repId: 'rep-ana', name: 'Ana Ortiz', email: 'ana.ortiz@example.com', role: 'SDR', team: 'EMEA', timezone: 'Europe/Berlin' },
  ben: { repId: 'rep-ben', name: 'Ben Okafor', email: 'ben.okafor@example.com', role: 'AE', team: 'EMEA', timezone: 'Europe/Berlin' },
  nick: { repId: 'rep-nick', name: 'Nick Alvarez', email: 'nick.alvarez@example.com', role: 'SDR', team: 'NA', timezone: 'America/New_York' },
};
const BACKUP: Record<RepKey, RepKey> = { ana: 'ben', ben: 'ana', nick: 'ana' };

export const REP_PROFILES: PayloadOf<'rep-upserted'>[] = [
  {
    ...EVENT_EXAMPLES['rep-upserted'],
    ...REPS.ana,
    workingDays: [1, 2, 3, 4, 5],
    workingHours: { start: '09:00', end: '17:30' },
    outOfOffice: [],
    updatedAt: '2026-10-01T08:00:00.000Z',
  },
  {
    ...EVENT_EXAMPLES['rep-upserted'],
    ...REPS.nick,
    workingDays: [1, 2, 3, 4, 5],
    workingHours: { start: '08:00', end: '16:00' },
    managerRepId: null,
    outOfOffice: [],
    updatedAt: '2026-10-01T08:00:00.000Z',
  },
];

const TERRITORIES = { emea: { territoryId: 'terr-emea-saas', territoryName: 'EMEA SaaS' }, na: { territoryId: 'terr-na', territoryName: 'North America' } };

export interface SeededHandoff {
  key: string;
  handoffId: string;
  accountId: string;
  owner: RepKey;
  territory: keyof typeof TERRITORIES;
  modelVersion: string;
  topContributor: SignalType;
  playbookRuleId: string;
  deliveredAt: string;
  /** Feedback given in the month (touch and meeting at the times given; accept/reject at their own time). */
  accept?: true;
  touch?: string;
  meeting?: string;
  reject?: RejectionReason;
  /** Feedback that arrives LATE: after the month's first look at the metrics (the late-events test). */
  late?: { touch?: string; meeting?: string };
}

const h = (n: number, more: Omit<SeededHandoff, 'key' | 'handoffId' | 'accountId'>): SeededHandoff => ({
  key: `h${String(n).padStart(2, '0')}`,
  handoffId: `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
  accountId: `acc-seed-${String(n).padStart(2, '0')}`,
  ...more,
});
const PRICING = { modelVersion: 'v3', topContributor: 'PRICING_PAGE_VISIT', playbookRuleId: 'pricing-intent' } as const;
const CONTENT = { modelVersion: 'v3', topContributor: 'CONTENT_DOWNLOAD', playbookRuleId: 'content-nurture' } as const;
const INTENT = { modelVersion: 'v4', topContributor: 'INTENT_SURGE', playbookRuleId: 'intent-surge' } as const;
const v4 = <T extends { modelVersion: string }>(x: T): T => ({ ...x, modelVersion: 'v4' });

export const SEEDED_HANDOFFS: SeededHandoff[] = [
  // ── W43 (Berlin) ─────────────────────────────────────────────────────────────────────────────
  // Mon 19 Oct 09:00 CEST; touched +20 min; ana's first business day ends Mon 17:30 CEST = 15:30Z → in.
  h(1, { owner: 'ana', territory: 'emea', ...PRICING, deliveredAt: '2026-10-19T07:00:00.000Z', accept: true, touch: '2026-10-19T07:20:00.000Z', meeting: '2026-10-21T13:00:00.000Z' }),
  // Tue 20 Oct 16:00 CEST; first business day ends Tue 17:30 CEST = 15:30Z; touched Wed 08:00Z (+1080 min) → late; then rejected NO_NEED.
  h(2, { owner: 'ana', territory: 'emea', ...CONTENT, deliveredAt: '2026-10-20T14:00:00.000Z', touch: '2026-10-21T08:00:00.000Z', reject: 'NO_NEED' }),
  // Thu 22 Oct 11:00 CEST; ben (default 09–17) never touches → due, not in; rejected NO_NEED.
  h(3, { owner: 'ben', territory: 'emea', ...CONTENT, deliveredAt: '2026-10-22T09:00:00.000Z', reject: 'NO_NEED' }),
  // Fri 23 Oct 09:00 EDT; nick's day ends 16:00 EDT = 20:00Z; touched +45 min → in; meeting.
  h(4, { owner: 'nick', territory: 'na', ...INTENT, deliveredAt: '2026-10-23T13:00:00.000Z', touch: '2026-10-23T13:45:00.000Z', meeting: '2026-10-27T15:00:00.000Z' }),
  // Sun 25 Oct 23:30 CET — the last half hour of the 169-hour W43 (a week taken as 7×24 h from its
  // start would have ended at 22:00Z). Sunday → first business day Mon 26 Oct, ends 17:30 CET = 16:30Z;
  // touched Mon 08:00Z: 22:30Z → 08:00Z = +570 min → in.
  h(5, { owner: 'ana', territory: 'emea', ...PRICING, deliveredAt: '2026-10-25T22:30:00.000Z', touch: '2026-10-26T08:00:00.000Z' }),
  // ── W44 ──────────────────────────────────────────────────────────────────────────────────────
  // Mon 26 Oct 00:15 CET (still Sunday 25 Oct in UTC, so 2026-W43 in UTC); ends Mon 17:30 CET = 16:30Z;
  // touched Mon 08:15Z (09:15 CET): +540 min → in.
  h(6, { owner: 'ana', territory: 'emea', ...v4(PRICING), deliveredAt: '2026-10-25T23:15:00.000Z', accept: true, touch: '2026-10-26T08:15:00.000Z' }),
  // Fri 30 Oct 17:00 EDT, after nick's 16:00 → first business day Mon 2 Nov, ends 16:00 EST = 21:00Z
  // (20:00Z if New York's DST end were missed); touched Mon 20:30Z: +4290 min (71.5 h) → in.
  h(7, { owner: 'nick', territory: 'na', ...INTENT, deliveredAt: '2026-10-30T21:00:00.000Z', touch: '2026-11-02T20:30:00.000Z', meeting: '2026-11-04T15:00:00.000Z' }),
  // Wed 28 Oct 11:00 CET; ben never touches → due, not in; rejected WRONG_OWNER.
  h(8, { owner: 'ben', territory: 'emea', ...v4(CONTENT), deliveredAt: '2026-10-28T10:00:00.000Z', reject: 'WRONG_OWNER' }),
  // Thu 29 Oct 13:00 CET; touched +10 min → in; then rejected NO_NEED (a touch may precede a rejection).
  h(9, { owner: 'ana', territory: 'emea', ...v4(CONTENT), deliveredAt: '2026-10-29T12:00:00.000Z', touch: '2026-10-29T12:10:00.000Z', reject: 'NO_NEED' }),
  // Fri 30 Oct 16:00 CET; ben's day ends 17:00 CET = 16:00Z. LATE: touched Tue 10 Nov 09:00Z (+15480 min,
  // 10 d 18 h) and a meeting Thu 12 Nov, both reported in W46 — they count in W44.
  h(11, { owner: 'ben', territory: 'emea', ...v4(PRICING), deliveredAt: '2026-10-30T15:00:00.000Z', late: { touch: '2026-11-10T09:00:00.000Z', meeting: '2026-11-12T10:00:00.000Z' } }),
  // ── W45 ──────────────────────────────────────────────────────────────────────────────────────
  // Mon 2 Nov 05:30 CET = Sun 1 Nov 23:30 EST: W45 for the Berlin team, W44 for a New York one.
  // Sunday for nick → ends Mon 2 Nov 16:00 EST = 21:00Z; touched 13:30Z (+540 min) → in.
  h(10, { owner: 'nick', territory: 'na', ...INTENT, deliveredAt: '2026-11-02T04:30:00.000Z', touch: '2026-11-02T13:30:00.000Z' }),
  // Tue 3 Nov 09:00 CET; touched +30 min → in; meeting.
  h(12, { owner: 'ana', territory: 'emea', ...v4(PRICING), deliveredAt: '2026-11-03T08:00:00.000Z', touch: '2026-11-03T08:30:00.000Z', meeting: '2026-11-05T14:00:00.000Z' }),
  // Wed 4 Nov / Thu 5 Nov; rejected NO_NEED, both content-led: a pattern on CONTENT_DOWNLOAD / content-nurture.
  h(13, { owner: 'ana', territory: 'emea', ...v4(CONTENT), deliveredAt: '2026-11-04T08:00:00.000Z', reject: 'NO_NEED' }),
  h(14, { owner: 'ben', territory: 'emea', ...v4(CONTENT), deliveredAt: '2026-11-05T08:00:00.000Z', reject: 'NO_NEED' }),
  // ── W46 ──────────────────────────────────────────────────────────────────────────────────────
  // Mon 9 Nov 09:00 EST; ends 16:00 EST = 21:00Z; never touched → due (now is 20 Nov), not in.
  h(15, { owner: 'nick', territory: 'na', ...INTENT, deliveredAt: '2026-11-09T14:00:00.000Z' }),
  // Fri 13 Nov 11:00 CET; touched +5 min → in.
  h(16, { owner: 'ana', territory: 'emea', ...v4(PRICING), deliveredAt: '2026-11-13T10:00:00.000Z', touch: '2026-11-13T10:05:00.000Z' }),
];

const example = EVENT_EXAMPLES['handoff-created'];

export function handoffCreatedEvent(s: SeededHandoff): EventEnvelope<'handoff-created'> {
  const [top, ...rest] = example.scoringSnapshot.contributors;
  return createEvent(
    'handoff-created',
    {
      ...example,
      handoffId: s.handoffId,
      qualificationId: s.handoffId.replace(/^00000000/, '11111111'),
      createdAt: s.deliveredAt,
      account: { ...example.account, accountId: s.accountId, crmId: `001-${s.key}`, name: `Seed ${s.key}`, domain: `${s.key}.example` },
      scoringSnapshot: {
        ...example.scoringSnapshot,
        modelVersion: s.modelVersion,
        contributors: [{ ...top, signalType: s.topContributor }, ...rest.filter((c) => c.signalType !== s.topContributor)],
      },
      nextAction: { ...example.nextAction, playbookRuleId: s.playbookRuleId },
      ownerAssignment: {
        owner: REPS[s.owner],
        backup: REPS[BACKUP[s.owner]],
        ...TERRITORIES[s.territory],
        explanation: `Territory ${TERRITORIES[s.territory].territoryName}: ${REPS[s.owner].name} owns it.`,
      },
    },
    { aggregateId: s.accountId, producer: 'handoff-svc', occurredAt: new Date(s.deliveredAt) },
  );
}

export function handoffDeliveredEvent(s: SeededHandoff): EventEnvelope<'handoff-delivered'> {
  return createEvent(
    'handoff-delivered',
    {
      handoffId: s.handoffId,
      accountId: s.accountId,
      ownerRepId: REPS[s.owner].repId,
      backupRepId: REPS[BACKUP[s.owner]].repId,
      deliveredAt: s.deliveredAt,
      queueDate: s.deliveredAt.slice(0, 10),
      priorityRank: 1,
    },
    { aggregateId: s.accountId, producer: 'handoff-svc', occurredAt: new Date(s.deliveredAt) },
  );
}

export function repUpsertedEvents(): EventEnvelope<'rep-upserted'>[] {
  return REP_PROFILES.map((p) => createEvent('rep-upserted', p, { aggregateId: p.repId, producer: 'ownership-svc' }));
}

export const seededRepId = (s: SeededHandoff) => REPS[s.owner].repId;
