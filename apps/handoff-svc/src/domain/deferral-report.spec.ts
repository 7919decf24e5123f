import { deferralReport, type CapDeferral } from './deferral-report';
import { calendarFromProfile, type RepCalendar } from './rep-calendar';

const cal = (repId: string, timezone: string, workingDays = [1, 2, 3, 4, 5]): RepCalendar =>
  calendarFromProfile({
    repId,
    name: repId,
    timezone,
    workingDays,
    workingHours: { start: '09:00', end: '17:00' },
    dailyCapacity: 2,
    managerRepId: null,
    active: true,
    outOfOffice: [],
  });

const d = (repId: string, fromDate: string, handoffId: string): CapDeferral => ({ repId, fromDate, handoffId });

describe('deferralReport', () => {
  const calendars = new Map([
    ['rep-ana', cal('rep-ana', 'Europe/Berlin')],
    ['rep-ellis', cal('rep-ellis', 'Asia/Singapore', [1, 2, 3, 4])],
  ]);
  const deferrals = [
    d('rep-ana', '2026-11-24', 'h1'),
    d('rep-ana', '2026-11-24', 'h2'),
    d('rep-ana', '2026-11-25', 'h2'), // h2 deferred twice: counts on both days
    d('rep-ana', '2026-11-25', 'h3'),
    d('rep-ana', '2026-11-27', 'h4'),
    d('rep-ellis', '2026-11-26', 'h5'),
    d('rep-ana', '2026-11-24', 'h1'), // the same move recorded twice counts once
  ];

  it('counts distinct deferred handoffs per rep per day inside the range', () => {
    const report = deferralReport({ deferrals, calendars, from: '2026-11-24', to: '2026-11-26', minDays: 3, ofLastBusinessDays: 5 });
    expect(report.days).toEqual([
      { repId: 'rep-ana', date: '2026-11-24', deferredCount: 2 },
      { repId: 'rep-ana', date: '2026-11-25', deferredCount: 2 },
      { repId: 'rep-ellis', date: '2026-11-26', deferredCount: 1 },
    ]);
  });

  it('flags a persistent cap: Ana hit it on 3 of her last 5 business days (24, 25, 27 Nov) by Mon 30 Nov', () => {
    const report = deferralReport({ deferrals, calendars, from: '2026-11-24', to: '2026-11-30', minDays: 3, ofLastBusinessDays: 5 });
    expect(report.persistentCaps).toEqual([
      { repId: 'rep-ana', capDays: ['2026-11-24', '2026-11-25', '2026-11-27'], window: ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30'] },
    ]);
  });

  it('uses each rep’s own business days: a window of 3 ending Mon 30 Nov drops 24 Nov for Ana', () => {
    const report = deferralReport({ deferrals, calendars, from: '2026-11-24', to: '2026-11-30', minDays: 2, ofLastBusinessDays: 3 });
    // Ana's last 3: 26, 27, 30 → one cap day (27) < 2. Ellis works Mon–Thu: last 3 are 25, 26, 30 → one cap day.
    expect(report.persistentCaps).toEqual([]);
    const loose = deferralReport({ deferrals, calendars, from: '2026-11-24', to: '2026-11-30', minDays: 1, ofLastBusinessDays: 3 });
    expect(loose.persistentCaps.map((p) => [p.repId, p.window, p.capDays])).toEqual([
      ['rep-ana', ['2026-11-26', '2026-11-27', '2026-11-30'], ['2026-11-27']],
      ['rep-ellis', ['2026-11-25', '2026-11-26', '2026-11-30'], ['2026-11-26']],
    ]);
  });
});
