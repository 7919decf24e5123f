import { coverBoundariesBetween, describeCoverBoundaries, formatInstant, outOfOfficeAt, repAvailability } from './availability';
import { ana, away, inactive } from './test-fixtures';

describe('repAvailability', () => {
  const onLeave = away(ana, '2026-12-01T00:00:00Z', '2026-12-15T00:00:00Z', 'Parental leave');

  it('away from `from` (inclusive) until `to` (exclusive)', () => {
    expect(repAvailability('rep-ana', onLeave, new Date('2026-11-30T23:59:59Z')).available).toBe(true);
    expect(repAvailability('rep-ana', onLeave, new Date('2026-12-01T00:00:00Z'))).toMatchObject({
      available: false,
      code: 'OUT_OF_OFFICE',
      why: 'is out of office until 2026-12-15 00:00 UTC (Parental leave)',
    });
    expect(repAvailability('rep-ana', onLeave, new Date('2026-12-15T00:00:00Z')).available).toBe(true);
  });

  it('inactive beats out of office; an unknown id is named', () => {
    expect(repAvailability('rep-ana', inactive(onLeave), new Date('2026-12-02T00:00:00Z'))).toMatchObject({ code: 'INACTIVE', why: 'is inactive' });
    expect(repAvailability('rep-zoe', undefined, new Date())).toMatchObject({ code: 'UNKNOWN', label: 'rep rep-zoe' });
  });

  it('overlapping periods: the one ending last is named', () => {
    const twice = away(onLeave, '2026-12-10T00:00:00Z', '2026-12-20T00:00:00Z');
    expect(outOfOfficeAt(twice.outOfOffice, new Date('2026-12-12T00:00:00Z'))?.to).toBe('2026-12-20T00:00:00Z');
    expect(formatInstant('2026-12-20T07:05:09.123Z')).toBe('2026-12-20 07:05 UTC');
  });
});

describe('coverBoundariesBetween', () => {
  it('finds leave starting or ending in (after, upTo], for active reps, in time order', () => {
    const ben = { ...away(ana, '2026-12-01T08:00:00Z', '2026-12-03T00:00:00Z', 'Training'), id: 'rep-ben', name: 'Ben Okafor' };
    const reps = [away(ana, '2026-12-01T00:00:00Z', '2026-12-15T00:00:00Z'), ben, inactive({ ...away(ana, '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z'), id: 'rep-x' })];
    const found = coverBoundariesBetween(reps, new Date('2026-11-30T23:00:00Z'), new Date('2026-12-01T08:00:00Z'));
    expect(found.map((b) => [b.rep.id, b.kind, b.at])).toEqual([
      ['rep-ana', 'STARTED', '2026-12-01T00:00:00Z'],
      ['rep-ben', 'STARTED', '2026-12-01T08:00:00Z'],
    ]);
    expect(describeCoverBoundaries(found)).toBe(
      "Ana Ortiz's out-of-office period started (2026-12-01 00:00 UTC – 2026-12-15 00:00 UTC); Ben Okafor's out-of-office period started (2026-12-01 08:00 UTC – 2026-12-03 00:00 UTC, Training)",
    );
    // The lower end is exclusive: a boundary already swept is not found again.
    expect(coverBoundariesBetween(reps, new Date('2026-12-01T08:00:00Z'), new Date('2026-12-02T00:00:00Z'))).toEqual([]);
    expect(coverBoundariesBetween(reps, new Date('2026-12-02T00:00:00Z'), new Date('2026-12-15T00:00:00Z')).map((b) => b.kind)).toEqual(['ENDED', 'ENDED']);
  });
});
