import { calendarFromProfile, currentBusinessDay, defaultCalendar, isBusinessDay, type RepCalendar } from './rep-calendar';
import { cascadeArrival, compareQueueItems, planQueue, priorityOf, rankAtTheEnd, tailWith, type QueueDayTail, type QueueItem, type RankedQueueDayTail } from './queue';

const rep = (timezone: string, dailyCapacity: number, outOfOffice: { from: string; to: string }[] = []): RepCalendar =>
  calendarFromProfile({
    repId: `rep-${timezone}`,
    name: 'Rep',
    timezone,
    workingDays: [1, 2, 3, 4, 5],
    workingHours: { start: '09:00', end: '17:00' },
    dailyCapacity,
    managerRepId: null,
    active: true,
    outOfOffice,
  });

let seq = 0;
const item = (handoffId: string, priority: number, queueDate: string, extra: Partial<QueueItem> = {}): QueueItem => ({
  handoffId,
  priority,
  createdAt: new Date(Date.UTC(2026, 10, 24, 9, 0, seq++)),
  queueDate,
  intendedDate: queueDate,
  movable: true,
  ...extra,
});

const layout = (plan: ReturnType<typeof planQueue>) => {
  const days: Record<string, string[]> = {};
  for (const [id, p] of [...plan.placements.entries()].sort((a, b) => a[1].rank - b[1].rank)) (days[p.queueDate] ??= []).push(id);
  return days;
};

describe('priorityOf', () => {
  it('adds half the 14-day trend and the persona fit: 72 + 0.5×12 + 10 (economic buyer) = 88', () => {
    expect(priorityOf({ score: 72, trend: { delta: 12, daily: [] } }, 'ECONOMIC_BUYER')).toBe(88);
  });

  it('caps the trend at ±20 points (±10 priority): 60 + 0.5×20 + 0 (user) = 70; 60 − 10 + 6 (champion) = 56', () => {
    expect(priorityOf({ score: 60, trend: { delta: 45, daily: [] } }, 'USER')).toBe(70);
    expect(priorityOf({ score: 60, trend: { delta: -33, daily: [] } }, 'CHAMPION')).toBe(56);
  });

  it('rounds to two decimals and counts no fit without a contact: 61.333 + 0.5×1.111 = 61.89', () => {
    expect(priorityOf({ score: 61.333, trend: { delta: 1.111, daily: [] } }, null)).toBe(61.89);
  });
});

describe('the queue order', () => {
  it('puts a carried-over handoff first, then priority, then creation time, then id', () => {
    const carried = item('h-carried', 50, '2026-11-25', { intendedDate: '2026-11-24' });
    const high = item('h-high', 90, '2026-11-25');
    const earlier = item('h-70-early', 70, '2026-11-25');
    const later = item('h-70-late', 70, '2026-11-25');
    expect([later, high, carried, earlier].sort(compareQueueItems).map((i) => i.handoffId)).toEqual(['h-carried', 'h-high', 'h-70-early', 'h-70-late']);
  });
});

describe('planQueue', () => {
  const berlin = rep('Europe/Berlin', 2);

  it('keeps everything on the day while under the cap, ranked by priority', () => {
    const plan = planQueue(berlin, '2026-11-24', [item('h-a', 60, '2026-11-24'), item('h-b', 80, '2026-11-24')]);
    expect(layout(plan)).toEqual({ '2026-11-24': ['h-b', 'h-a'] });
    expect(plan.deferrals).toEqual([]);
  });

  it('sends the lowest-priority handoff to the next business day when a higher one arrives on a full day (cap 2)', () => {
    const plan = planQueue(berlin, '2026-11-24', [item('h-60', 60, '2026-11-24'), item('h-80', 80, '2026-11-24'), item('h-95', 95, '2026-11-24')]);
    expect(layout(plan)).toEqual({ '2026-11-24': ['h-95', 'h-80'], '2026-11-25': ['h-60'] });
    expect(plan.deferrals).toEqual([{ handoffId: 'h-60', fromDate: '2026-11-24', toDate: '2026-11-25', reason: 'CAPACITY' }]);
  });

  it('never moves what the rep already acted on: a full day of accepted handoffs pushes the arrival out', () => {
    const plan = planQueue(berlin, '2026-11-24', [
      item('h-acc-1', 40, '2026-11-24', { movable: false }),
      item('h-acc-2', 45, '2026-11-24', { movable: false }),
      item('h-new', 99, '2026-11-24'),
    ]);
    expect(layout(plan)).toEqual({ '2026-11-24': ['h-acc-2', 'h-acc-1'], '2026-11-25': ['h-new'] });
  });

  it('lands a Friday overflow on Monday, ahead of Monday’s own arrivals, keeping its rank', () => {
    const plan = planQueue(berlin, '2026-11-27', [
      item('fri-90', 90, '2026-11-27'),
      item('fri-80', 80, '2026-11-27'),
      item('fri-70', 70, '2026-11-27'),
      item('fri-65', 65, '2026-11-27'),
      item('mon-99', 99, '2026-11-30'),
    ]);
    expect(layout(plan)).toEqual({ '2026-11-27': ['fri-90', 'fri-80'], '2026-11-30': ['fri-70', 'fri-65'], '2026-12-01': ['mon-99'] });
    expect(plan.deferrals.map((d) => `${d.handoffId} ${d.fromDate}→${d.toDate}`)).toEqual([
      'fri-70 2026-11-27→2026-11-30',
      'fri-65 2026-11-27→2026-11-30',
      'mon-99 2026-11-30→2026-12-01',
    ]);
  });

  it('skips out-of-office days: the overflow of Fri 27 Nov goes to Wed 2 Dec when Mon and Tue are off', () => {
    const away = rep('Europe/Berlin', 1, [{ from: '2026-11-29T23:00:00Z', to: '2026-12-01T23:00:00Z' }]);
    const plan = planQueue(away, '2026-11-27', [item('h-1', 90, '2026-11-27'), item('h-2', 80, '2026-11-27')]);
    expect(layout(plan)).toEqual({ '2026-11-27': ['h-1'], '2026-12-02': ['h-2'] });
  });

  it('moves handoffs off a day that stopped being a business day (new out-of-office) to the next one', () => {
    const away = rep('Europe/Berlin', 5, [{ from: '2026-11-24T23:00:00Z', to: '2026-11-25T23:00:00Z' }]);
    const plan = planQueue(away, '2026-11-24', [item('h-wed', 70, '2026-11-25'), item('h-thu', 80, '2026-11-26')]);
    expect(layout(plan)).toEqual({ '2026-11-26': ['h-wed', 'h-thu'] });
    expect(plan.deferrals).toEqual([{ handoffId: 'h-wed', fromDate: '2026-11-25', toDate: '2026-11-26', reason: 'NOT_A_BUSINESS_DAY' }]);
  });

  it('cascades: an arrival on a full Tuesday pushes Tuesday’s last to Wednesday, which pushes Wednesday’s last to Thursday (cap 1)', () => {
    const solo = rep('Europe/Berlin', 1);
    const plan = planQueue(solo, '2026-11-24', [
      item('tue', 50, '2026-11-24'),
      item('wed', 50, '2026-11-25', { intendedDate: '2026-11-25' }),
      item('arrival', 90, '2026-11-24'),
    ]);
    // 'tue' was meant for Tuesday, so on Wednesday it ranks ahead of 'wed' (meant for Wednesday).
    expect(layout(plan)).toEqual({ '2026-11-24': ['arrival'], '2026-11-25': ['tue'], '2026-11-26': ['wed'] });
  });

  it('never drops a handoff: with capacity 0 it parks five business days out, over the cap', () => {
    const none = rep('UTC', 0);
    const plan = planQueue(none, '2026-11-24', [item('h', 70, '2026-11-24')]);
    expect(layout(plan)).toEqual({ '2026-12-01': ['h'] });
    expect(plan.deferrals).toHaveLength(5);
    expect(plan.overCapDays).toEqual(['2026-12-01']);
  });

  it('has no cap for a rep without a profile', () => {
    const items = Array.from({ length: 30 }, (_, n) => item(`h-${n}`, n, '2026-11-24'));
    const plan = planQueue(defaultCalendar('rep-new'), '2026-11-24', items);
    expect(Object.keys(layout(plan))).toEqual(['2026-11-24']);
    expect(plan.placements.get('h-29')).toEqual({ queueDate: '2026-11-24', rank: 1 });
  });

  it('leaves past queues alone', () => {
    const plan = planQueue(berlin, '2026-11-25', [item('old-1', 10, '2026-11-24'), item('old-2', 10, '2026-11-24'), item('old-3', 10, '2026-11-24')]);
    expect(plan.placements.size).toBe(0);
  });

  it('moves a handoff placed before the rep’s profile was known to the day it belongs on (earliestDate)', () => {
    // Queued on Fri 27 Nov under the UTC default; in Singapore it had arrived after hours: Monday.
    const sg = rep('Asia/Singapore', 5);
    const plan = planQueue(sg, '2026-11-27', [item('h-late', 70, '2026-11-27', { earliestDate: '2026-11-30' }), item('h-ok', 60, '2026-11-27')]);
    expect(layout(plan)).toEqual({ '2026-11-27': ['h-ok'], '2026-11-30': ['h-late'] });
    expect(plan.deferrals).toEqual([{ handoffId: 'h-late', fromDate: '2026-11-27', toDate: '2026-11-30', reason: 'OUTSIDE_WORKING_TIME' }]);
  });

  it('is stable: planning the plan again moves nothing', () => {
    const items = [
      item('a', 60, '2026-11-27'),
      item('b', 90, '2026-11-27'),
      item('c', 75, '2026-11-27'),
      item('d', 99, '2026-11-30'),
      item('e', 10, '2026-11-30', { movable: false }),
    ];
    const first = planQueue(berlin, '2026-11-27', items);
    const replanned = items.map((i) => ({ ...i, queueDate: first.placements.get(i.handoffId)!.queueDate }));
    const second = planQueue(berlin, '2026-11-27', replanned);
    expect(second.placements).toEqual(first.placements);
    expect(second.deferrals).toEqual([]);
  });

  it('queues by each rep’s own day around midnight UTC: Los Angeles still on Tuesday, Singapore already on Wednesday', () => {
    const now = new Date('2026-11-25T00:30:00Z');
    const la = rep('America/Los_Angeles', 1);
    const sg = rep('Asia/Singapore', 1);
    const laDay = currentBusinessDay(la, now);
    const sgDay = currentBusinessDay(sg, now);
    expect([laDay, sgDay]).toEqual(['2026-11-24', '2026-11-25']);
    expect(layout(planQueue(la, laDay, [item('la-1', 80, laDay), item('la-2', 70, laDay)]))).toEqual({ '2026-11-24': ['la-1'], '2026-11-25': ['la-2'] });
    expect(layout(planQueue(sg, sgDay, [item('sg-1', 80, sgDay), item('sg-2', 70, sgDay)]))).toEqual({ '2026-11-25': ['sg-1'], '2026-11-26': ['sg-2'] });
  });
});

describe('cascadeArrival: one arrival without planning the whole queue', () => {
  const berlin = rep('Europe/Berlin', 2);
  const tailsOf = (queued: QueueItem[], fromDay: string) => {
    const tails = new Map<string, QueueDayTail>();
    for (const i of [...queued].filter((q) => q.queueDate >= fromDay).sort(compareQueueItems)) {
      const t = tails.get(i.queueDate) ?? { count: 0, lastMovable: null };
      tails.set(i.queueDate, { count: t.count + 1, lastMovable: i.movable ? i : t.lastMovable });
    }
    return tails;
  };

  it('lands on a day with room and moves nothing', () => {
    const queued = [item('a', 80, '2026-11-24')];
    expect(cascadeArrival(berlin, '2026-11-24', item('new', 90, '2026-11-24'), tailsOf(queued, '2026-11-24'))).toEqual({
      arrivalDate: '2026-11-24',
      moved: [],
      deferrals: [],
      overCapDays: [],
    });
  });

  it('on a full day the last in queue order gives way, and a full next day passes its own last on', () => {
    // Tue holds a (80), b (70); Wed holds c (60) carried from Tue (ranks first there) and d (50).
    const queued = [item('a', 80, '2026-11-24'), item('b', 70, '2026-11-24'), item('c', 60, '2026-11-25', { intendedDate: '2026-11-24' }), item('d', 50, '2026-11-25')];
    expect(cascadeArrival(berlin, '2026-11-24', item('new', 75, '2026-11-24'), tailsOf(queued, '2026-11-24'))).toEqual({
      arrivalDate: '2026-11-24',
      moved: [
        { handoffId: 'b', queueDate: '2026-11-25' },
        { handoffId: 'd', queueDate: '2026-11-26' },
      ],
      deferrals: [
        { handoffId: 'b', fromDate: '2026-11-24', toDate: '2026-11-25', reason: 'CAPACITY' },
        { handoffId: 'd', fromDate: '2026-11-25', toDate: '2026-11-26', reason: 'CAPACITY' },
      ],
      overCapDays: [],
    });
  });

  it('an arrival ranked last gives way itself; handoffs the rep acted on never do', () => {
    const queued = [item('a', 80, '2026-11-24', { movable: false }), item('b', 70, '2026-11-24', { movable: false })];
    expect(cascadeArrival(berlin, '2026-11-24', item('new', 99, '2026-11-24'), tailsOf(queued, '2026-11-24'))).toMatchObject({
      arrivalDate: '2026-11-25',
      moved: [],
      deferrals: [{ handoffId: 'new', fromDate: '2026-11-24', toDate: '2026-11-25', reason: 'CAPACITY' }],
    });
  });

  it('needs the whole plan for an arrival the rep already acted on, or on a day off', () => {
    expect(cascadeArrival(berlin, '2026-11-24', item('new', 99, '2026-11-24', { movable: false }), new Map())).toBeNull();
    expect(cascadeArrival(berlin, '2026-11-28', item('new', 99, '2026-11-28'), new Map())).toBeNull(); // Saturday
  });

  /**
   * Arrivals over three business days, one at a time, far over the cap so that deferrals cascade and
   * the fifth business day piles up over it; now and then the rep acts on a queued handoff (it stops
   * being movable). Each arrival is placed by cascadeArrival from the day tails alone, and must land
   * exactly where planQueue over every queued handoff puts it, with everything else where planQueue
   * puts it, the same deferrals, and every day's ranks in queue order (`compareQueueItems`), which is
   * how the service reads ranks.
   */
  it.each([
    ['Berlin, cap 1', rep('Europe/Berlin', 1), 8],
    ['Berlin, cap 3', rep('Europe/Berlin', 3), 12],
    ['Singapore, cap 4, out of office on Thu 26 Nov', rep('Asia/Singapore', 4, [{ from: '2026-11-26T00:00:00Z', to: '2026-11-26T12:00:00Z' }]), 40],
    ['cap 0 (everything parks five business days out)', rep('Europe/Berlin', 0), 4],
    ['no profile (no cap)', defaultCalendar('rep-new'), 12],
  ])('agrees with planQueue arrival by arrival: %s', (_, cal, perDay) => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const days = ['2026-11-24', '2026-11-25', '2026-11-27'];
    let queued: QueueItem[] = [];
    let cascades = 0;
    for (let n = 0; n < 3 * perDay; n++) {
      const day = days[Math.floor(n / perDay)];
      if (!isBusinessDay(cal, day)) continue;
      const arrival: QueueItem = {
        handoffId: `h-${String(n).padStart(3, '0')}`,
        priority: 60 + 5 * Math.floor(random() * 4), // ties on purpose
        createdAt: new Date(Date.parse(`${day}T10:00:00Z`) + n * 1000),
        queueDate: day,
        intendedDate: day,
        movable: true,
      };
      const cascade = cascadeArrival(cal, day, arrival, tailsOf(queued, day))!;
      const plan = planQueue(cal, day, [...queued, arrival]);
      if (cascade.moved.length) cascades++;
      const newDay = new Map([...cascade.moved.map((m) => [m.handoffId, m.queueDate] as const), [arrival.handoffId, cascade.arrivalDate]]);
      const after = [...queued, arrival].map((i) => ({ ...i, queueDate: newDay.get(i.handoffId) ?? i.queueDate }));
      for (const i of after.filter((q) => q.queueDate >= day)) {
        const rank = after.filter((o) => o.queueDate === i.queueDate && compareQueueItems(o, i) <= 0).length;
        expect([i.handoffId, plan.placements.get(i.handoffId)]).toEqual([i.handoffId, { queueDate: i.queueDate, rank }]);
      }
      expect(cascade.deferrals).toEqual(expect.arrayContaining(plan.deferrals));
      expect(cascade.deferrals).toHaveLength(plan.deferrals.length);
      for (const d of cascade.overCapDays) expect(plan.overCapDays).toContain(d);
      queued = after;
      // Now and then the rep acts on one of today's handoffs: it stays where it is from now on.
      const today = queued.filter((i) => i.queueDate === day && i.movable);
      if (today.length && random() < 0.3) today[Math.floor(random() * today.length)].movable = false;
    }
    if (cal.dailyCapacity) expect(cascades).toBeGreaterThan(0);
  });
});

describe('rankAtTheEnd and tailWith: an arrival\'s rank without counting its day', () => {
  it('ranks first on an empty day, count + 1 behind the day\'s last handoff, and does not know otherwise', () => {
    const a = item('a', 80, '2026-11-24');
    const b = item('b', 70, '2026-11-24', { movable: false });
    const tail: RankedQueueDayTail = { count: 2, lastMovable: a, last: b };
    expect(rankAtTheEnd(undefined, item('x', 50, '2026-11-24'))).toBe(1);
    expect(rankAtTheEnd(tail, item('low', 60, '2026-11-24'))).toBe(3);
    expect(rankAtTheEnd(tail, item('tie-later', 70, '2026-11-24'))).toBe(3); // same priority, created after b
    expect(rankAtTheEnd(tail, item('high', 75, '2026-11-24'))).toBeNull(); // b (70) is behind it
    expect(rankAtTheEnd(tail, item('carried', 10, '2026-11-24', { intendedDate: '2026-11-23' }))).toBeNull(); // meant for an earlier day: first
  });

  it('keeps the tail a whole-day read would give, and every rank it knows is the rank in queue order', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const day: QueueItem[] = [];
    let tail: RankedQueueDayTail | undefined;
    let known = 0;
    for (let n = 0; n < 200; n++) {
      const joining = item(`h-${String(n).padStart(3, '0')}`, 60 + 5 * Math.floor(random() * 4), '2026-11-25', {
        movable: random() < 0.8,
        intendedDate: random() < 0.1 ? '2026-11-24' : '2026-11-25',
      });
      const rank = rankAtTheEnd(tail, joining);
      day.push(joining);
      const ordered = [...day].sort(compareQueueItems);
      if (rank !== null) {
        known++;
        expect([joining.handoffId, rank]).toEqual([joining.handoffId, ordered.indexOf(joining) + 1]);
      }
      tail = tailWith(tail, joining);
      expect(tail).toEqual({ count: day.length, last: ordered.at(-1), lastMovable: ordered.filter((i) => i.movable).at(-1) ?? null });
    }
    expect(known).toBeGreaterThan(20); // ties and lower priorities join last often enough to matter
  });
});
