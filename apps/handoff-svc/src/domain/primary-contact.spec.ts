import type { CommitteeRole, SignalType } from '@handoff-graph/contracts';
import { engagementEvidence, inEngagementWindow, selectPrimaryContact, type ContactEngagement, type MirrorContact } from './primary-contact';

const QUALIFIED_AT = new Date('2026-11-24T14:02:11.000Z');
const DAY = 24 * 60 * 60 * 1000;

const contact = (id: string, name: string, committeeRole: CommitteeRole): MirrorContact => ({
  id,
  accountId: 'acc-northwind',
  name,
  title: null,
  email: `${id.slice(4)}@northwind.example`,
  committeeRole,
});
const lena = contact('con-lena', 'Lena Fischer', 'ECONOMIC_BUYER');
const marco = contact('con-marco', 'Marco Rossi', 'CHAMPION');
const aisha = contact('con-aisha', 'Aisha Khan', 'CHAMPION');

let seq = 0;
const engaged = (who: MirrorContact | string, at: string | Date, points: number, signalType: SignalType = 'PRICING_PAGE_VISIT', detail: string | null = null): ContactEngagement => ({
  signalId: `sig-${++seq}`,
  contactEmail: typeof who === 'string' ? who : who.email,
  signalType,
  occurredAt: new Date(at),
  points,
  detail,
});

const pick = (contacts: MirrorContact[], engagements: ContactEngagement[]) =>
  selectPrimaryContact({ accountLabel: 'Northwind Analytics', contacts, engagements, qualifiedAt: QUALIFIED_AT });
const picked = (contacts: MirrorContact[], engagements: ContactEngagement[]) => {
  const result = pick(contacts, engagements);
  if (!result.ok) throw new Error(result.reason);
  return result.contact;
};

describe('selectPrimaryContact', () => {
  it('picks the contact with the most points in the window, with evidence and score', () => {
    // Lena: 9 + 9 = 18; Marco: 12 (one webinar). Lena wins on points despite Marco being more recent.
    const result = picked(
      [lena, marco],
      [
        engaged(lena, '2026-11-20T10:00:00Z', 9, 'PRICING_PAGE_VISIT', '/pricing'),
        engaged(lena, '2026-11-24T13:58:40Z', 9, 'PRICING_PAGE_VISIT', '/pricing/enterprise'),
        engaged(marco, '2026-11-24T14:00:00Z', 12, 'WEBINAR_ATTENDED', 'Fixing the MQA handoff'),
      ],
    );
    expect(result).toEqual({
      contactId: 'con-lena',
      name: 'Lena Fischer',
      title: null,
      email: 'lena@northwind.example',
      committeeRole: 'ECONOMIC_BUYER',
      engagementEvidence: 'Visited /pricing/enterprise on 2026-11-24; visited /pricing on 2026-11-20',
      engagementScore: 18,
    });
  });

  it('breaks a points tie by committee role seniority', () => {
    // 10 each; ECONOMIC_BUYER outranks CHAMPION even though Marco engaged later.
    const result = picked([marco, lena], [engaged(lena, '2026-11-10T00:00:00Z', 10), engaged(marco, '2026-11-23T00:00:00Z', 10)]);
    expect(result.contactId).toBe('con-lena');
  });

  it('breaks a points and role tie by the most recent engagement', () => {
    const result = picked([marco, aisha], [engaged(marco, '2026-11-22T09:00:00Z', 6), engaged(aisha, '2026-11-22T09:00:01Z', 6)]);
    expect(result.contactId).toBe('con-aisha');
  });

  it('breaks a full tie by name', () => {
    const at = '2026-11-22T09:00:00Z';
    const result = picked([marco, aisha], [engaged(marco, at, 6), engaged(aisha, at, 6)]);
    expect(result.name).toBe('Aisha Khan');
  });

  it('does not let float noise decide: 0.1 + 0.2 ties with 0.3', () => {
    const result = picked([marco, lena], [engaged(marco, '2026-11-20T00:00:00Z', 0.1), engaged(marco, '2026-11-20T00:00:00Z', 0.2), engaged(lena, '2026-11-01T00:00:00Z', 0.3)]);
    expect(result.contactId).toBe('con-lena'); // tie on 0.3 → the economic buyer
    expect(result.engagementScore).toBe(0.3);
  });

  it('counts engagement from exactly 28 days before qualification up to the qualification, no more', () => {
    const edge = new Date(QUALIFIED_AT.getTime() - 28 * DAY);
    expect(inEngagementWindow(edge, QUALIFIED_AT)).toBe(true);
    expect(inEngagementWindow(new Date(edge.getTime() - 1), QUALIFIED_AT)).toBe(false);
    expect(inEngagementWindow(QUALIFIED_AT, QUALIFIED_AT)).toBe(true);
    expect(inEngagementWindow(new Date(QUALIFIED_AT.getTime() + 1), QUALIFIED_AT)).toBe(false);

    // Marco's 30 points 1 ms too early and Aisha's 50 points after qualification do not count: Lena's 5 wins.
    const result = picked(
      [lena, marco, aisha],
      [engaged(marco, new Date(edge.getTime() - 1), 30), engaged(aisha, new Date(QUALIFIED_AT.getTime() + 1000), 50), engaged(lena, edge, 5)],
    );
    expect(result).toMatchObject({ contactId: 'con-lena', engagementScore: 5 });
  });

  it('ignores engagement whose email is not a contact in the mirror, and matches emails case-insensitively', () => {
    const result = picked([marco], [engaged('ghost@northwind.example', '2026-11-20T00:00:00Z', 40), engaged('MARCO@Northwind.Example', '2026-11-20T00:00:00Z', 3)]);
    expect(result).toMatchObject({ contactId: 'con-marco', engagementScore: 3 });
  });

  it('reports a missing primary contact when nobody engaged in the window', () => {
    expect(pick([lena, marco], [])).toEqual({
      ok: false,
      reason: 'no contact of Northwind Analytics engaged in the 28 days before qualification.',
    });
    expect(pick([lena], [engaged(lena, '2026-10-01T00:00:00Z', 9)])).toMatchObject({ ok: false });
    expect(pick([], [engaged('ghost@northwind.example', '2026-11-20T00:00:00Z', 9)])).toEqual({
      ok: false,
      reason: 'no contact of Northwind Analytics engaged in the 28 days before qualification (1 engagement came from emails not in the CRM mirror).',
    });
  });

  it('counts a contact whose engagement carried zero points as engaged', () => {
    expect(picked([lena], [engaged(lena, '2026-11-20T00:00:00Z', 0, 'EMAIL_REPLY')])).toMatchObject({ contactId: 'con-lena', engagementScore: 0 });
  });
});

describe('engagementEvidence', () => {
  it('lists what they did and when, most recent first, and says how many more', () => {
    const text = engagementEvidence([
      engaged(lena, '2026-11-19T10:00:00Z', 20, 'WEBINAR_ATTENDED', 'Fixing the MQA handoff'),
      engaged(lena, '2026-11-24T13:58:40Z', 9, 'PRICING_PAGE_VISIT', '/pricing/enterprise'),
      engaged(lena, '2026-11-18T10:00:00Z', 4, 'CONTENT_DOWNLOAD', 'MQA playbook'),
      engaged(lena, '2026-11-17T10:00:00Z', 8, 'EMAIL_REPLY', null),
      engaged(lena, '2026-11-16T10:00:00Z', 5, 'FORM_FILL', 'Contact sales'),
      engaged(lena, '2026-11-15T10:00:00Z', 5, 'TRIAL_ACTIVITY', null),
    ]);
    expect(text).toBe(
      "Visited /pricing/enterprise on 2026-11-24; attended webinar 'Fixing the MQA handoff' on 2026-11-19; " +
        "downloaded 'MQA playbook' on 2026-11-18; replied to an email on 2026-11-17; and 2 more engagements",
    );
  });
});
