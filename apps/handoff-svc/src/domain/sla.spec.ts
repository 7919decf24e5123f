import { calendarFromProfile, defaultCalendar, type RepCalendar } from './rep-calendar';
import { DEFAULT_SLA_POLICY, decideSweep, slaClock, slaProgress, slaTimes, type SweepInput } from './sla';

const berlin: RepCalendar = calendarFromProfile({
  repId: 'rep-ana',
  name: 'Ana Ortiz',
  timezone: 'Europe/Berlin',
  workingDays: [1, 2, 3, 4, 5],
  workingHours: { start: '09:00', end: '17:30' },
  dailyCapacity: 8,
  managerRepId: 'rep-mara',
  active: true,
  outOfOffice: [],
});
const at = (iso: string) => new Date(iso);
const iso = (t: Record<string, Date>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.toISOString()]));

describe('slaTimes', () => {
  it('delivered Tue 14:02 Berlin: accept by 14:17, touch by 17:30, expire at the end of Mon 30 Nov (5th business day)', () => {
    expect(iso({ ...slaTimes(berlin, '2026-11-24', at('2026-11-24T13:02:00Z'), DEFAULT_SLA_POLICY) })).toEqual({
      clockStartsAt: '2026-11-24T13:02:00.000Z',
      acceptanceDueAt: '2026-11-24T13:17:00.000Z',
      firstTouchDueAt: '2026-11-24T16:30:00.000Z',
      expiresAt: '2026-11-30T16:30:00.000Z',
    });
  });

  it('delivered at 20:00 for the next day: the clock starts Wed 09:00, acceptance 09:15', () => {
    const t = slaTimes(berlin, '2026-11-25', at('2026-11-24T19:00:00Z'), DEFAULT_SLA_POLICY);
    expect(t.clockStartsAt.toISOString()).toBe('2026-11-25T08:00:00.000Z');
    expect(t.acceptanceDueAt.toISOString()).toBe('2026-11-25T08:15:00.000Z');
  });

  it('delivered Fri 17:25 Berlin: 5 minutes Friday + 10 Monday → accept by Mon 09:10, touch by Mon 17:30', () => {
    const t = slaTimes(berlin, '2026-11-27', at('2026-11-27T16:25:00Z'), DEFAULT_SLA_POLICY);
    expect(t.acceptanceDueAt.toISOString()).toBe('2026-11-30T08:10:00.000Z');
    expect(t.firstTouchDueAt.toISOString()).toBe('2026-11-30T16:30:00.000Z');
  });

  it('deferred to Monday: the clock starts Monday 09:00 however early it was queued', () => {
    const t = slaTimes(berlin, '2026-11-30', at('2026-11-27T10:00:00Z'), { acceptanceWindowMinutes: 30, expireAfterBusinessDays: 1 });
    expect(iso({ ...t })).toEqual({
      clockStartsAt: '2026-11-30T08:00:00.000Z',
      acceptanceDueAt: '2026-11-30T08:30:00.000Z',
      firstTouchDueAt: '2026-11-30T16:30:00.000Z',
      expiresAt: '2026-11-30T16:30:00.000Z',
    });
  });

  it('uses UTC 09:00–17:00 for a rep without a profile', () => {
    const t = slaTimes(defaultCalendar('rep-new'), '2026-11-24', at('2026-11-24T14:05:00Z'), DEFAULT_SLA_POLICY);
    expect([t.acceptanceDueAt.toISOString(), t.firstTouchDueAt.toISOString()]).toEqual(['2026-11-24T14:20:00.000Z', '2026-11-24T17:00:00.000Z']);
  });
});

describe('slaClock', () => {
  const times = slaTimes(berlin, '2026-11-24', at('2026-11-24T13:02:00Z'), DEFAULT_SLA_POLICY);
  const none = { acceptanceMetAt: null, firstTouchMetAt: null, stoppedAt: null };

  it('runs the acceptance clock first: 14:10 Berlin leaves 7 minutes', () => {
    expect(slaClock(times, none, berlin, at('2026-11-24T13:10:00Z'))).toMatchObject({ running: 'ACCEPTANCE', minutesLeft: 7, breached: false, breaches: [] });
  });

  it('after acceptance runs the first-touch clock: accepted 14:09, at 16:00 Berlin 90 minutes are left to 17:30', () => {
    const progress = { ...none, acceptanceMetAt: at('2026-11-24T13:09:00Z') };
    expect(slaClock(times, progress, berlin, at('2026-11-24T15:00:00Z'))).toMatchObject({ running: 'FIRST_TOUCH', minutesLeft: 90, breached: false });
  });

  it('is on time when met at the due instant and breached when still unmet at it', () => {
    const met = { ...none, acceptanceMetAt: times.acceptanceDueAt };
    expect(slaClock(times, met, berlin, at('2026-11-24T13:30:00Z')).breaches).toEqual([]);
    expect(slaClock(times, none, berlin, times.acceptanceDueAt)).toMatchObject({ minutesLeft: 0, breaches: ['ACCEPTANCE'] });
  });

  it('shows a breach with 0 minutes left once a clock ran out, and keeps a late acceptance as a breach', () => {
    expect(slaClock(times, none, berlin, at('2026-11-24T13:20:00Z'))).toMatchObject({ running: 'ACCEPTANCE', minutesLeft: 0, breached: true, breaches: ['ACCEPTANCE'] });
    const late = { ...none, acceptanceMetAt: at('2026-11-24T13:30:00Z'), firstTouchMetAt: at('2026-11-24T13:40:00Z') };
    expect(slaClock(times, late, berlin, at('2026-11-25T10:00:00Z'))).toMatchObject({ running: null, minutesLeft: null, breaches: ['ACCEPTANCE'] });
  });

  it('counts only working minutes: at Fri 17:20 with acceptance due Mon 09:10, 10 + 10 = 20 minutes are left', () => {
    const fri = slaTimes(berlin, '2026-11-27', at('2026-11-27T16:25:00Z'), DEFAULT_SLA_POLICY);
    expect(slaClock(fri, none, berlin, at('2026-11-27T16:20:00Z')).minutesLeft).toBe(20);
  });

  it('stops the clocks at expiry, both breached', () => {
    const progress = slaProgress('EXPIRED', [{ to: 'EXPIRED', at: times.expiresAt }]);
    expect(slaClock(times, progress, berlin, at('2026-12-10T10:00:00Z'))).toMatchObject({ running: null, breaches: ['ACCEPTANCE', 'FIRST_TOUCH'] });
  });

  it('reads progress from the history: a rejection meets both clocks, a touch implies acceptance', () => {
    expect(slaProgress('REJECTED', [{ to: 'REJECTED', at: at('2026-11-24T13:05:00Z') }])).toEqual({
      acceptanceMetAt: at('2026-11-24T13:05:00Z'),
      firstTouchMetAt: at('2026-11-24T13:05:00Z'),
      stoppedAt: null,
    });
    expect(slaProgress('FIRST_TOUCH', [{ to: 'FIRST_TOUCH', at: at('2026-11-24T13:06:00Z') }]).acceptanceMetAt).toEqual(at('2026-11-24T13:06:00Z'));
  });
});

describe('decideSweep', () => {
  const base: SweepInput = {
    status: 'DELIVERED',
    times: slaTimes(berlin, '2026-11-24', at('2026-11-24T13:02:00Z'), DEFAULT_SLA_POLICY),
    policy: DEFAULT_SLA_POLICY,
    owner: { repId: 'rep-ana', name: 'Ana Ortiz' },
    backup: { repId: 'rep-ben', name: 'Ben Okafor' },
    calendar: berlin,
    managerName: 'Mara Jensen',
    escalated: [],
  };

  it('does nothing before the acceptance window ends (14:16:59 Berlin)', () => {
    expect(decideSweep(base, at('2026-11-24T13:16:59Z'))).toEqual([]);
  });

  it('offers the handoff to the backup at 14:17 Berlin, with the reason', () => {
    expect(decideSweep(base, at('2026-11-24T13:17:00Z'))).toEqual([
      {
        kind: 'ESCALATE_BACKUP',
        sla: 'ACCEPTANCE',
        dueAt: at('2026-11-24T13:17:00Z'),
        toRepId: 'rep-ben',
        reason: 'Not accepted by Ana Ortiz within 15 working minutes (due 2026-11-24 14:17 Europe/Berlin); offered to the backup Ben Okafor.',
      },
    ]);
  });

  it('escalates once per level: nothing more until the end of the day, then the manager', () => {
    expect(decideSweep({ ...base, escalated: ['BACKUP'] }, at('2026-11-24T16:00:00Z'))).toEqual([]);
    expect(decideSweep({ ...base, escalated: ['BACKUP'] }, at('2026-11-24T16:30:00Z'))).toEqual([
      {
        kind: 'ESCALATE_MANAGER',
        sla: 'FIRST_TOUCH',
        dueAt: at('2026-11-24T16:30:00Z'),
        toRepId: 'rep-mara',
        reason: "Not touched by the end of Ana Ortiz's first business day (due 2026-11-24 17:30 Europe/Berlin); escalated to the team manager Mara Jensen.",
      },
    ]);
  });

  it('escalates an accepted but untouched handoff to the manager, not to the backup', () => {
    expect(decideSweep({ ...base, status: 'ACCEPTED' }, at('2026-11-24T16:30:00Z')).map((a) => a.kind)).toEqual(['ESCALATE_MANAGER']);
  });

  it('names the missing manager when the owner has none on file', () => {
    const [action] = decideSweep({ ...base, status: 'ACCEPTED', calendar: { ...berlin, managerRepId: null } }, at('2026-11-24T16:30:00Z'));
    expect(action).toMatchObject({ kind: 'ESCALATE_MANAGER', toRepId: null, reason: expect.stringContaining('no team manager is on file for Ana Ortiz') });
  });

  it('does everything that fell due while the sweep was not running, in order, then expires', () => {
    expect(decideSweep(base, at('2026-12-01T09:00:00Z')).map((a) => a.kind)).toEqual(['ESCALATE_BACKUP', 'ESCALATE_MANAGER', 'EXPIRE']);
  });

  it('leaves touched, rejected and finished handoffs alone', () => {
    for (const status of ['FIRST_TOUCH', 'REJECTED', 'MEETING_BOOKED', 'EXPIRED'] as const) {
      expect(decideSweep({ ...base, status }, at('2026-12-10T09:00:00Z'))).toEqual([]);
    }
  });
});
