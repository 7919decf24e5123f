import type { OutOfOfficePeriod, Rep } from './ownership.types';

/**
 * Whether a rep can take a role (owner, backup, escalation owner) at one moment. Away means
 * inactive, or inside an out-of-office period (`from` ≤ at < `to`). Working hours and days do not
 * make a rep away: they only move SLA clocks and queues (handoff-svc).
 */
export type Availability =
  | { available: true; rep: Rep }
  | { available: false; rep: Rep | null; label: string; code: AwayCode; why: string };

/** Why someone cannot take a role: not a known rep, inactive, out of office, or (for a backup) the owner too. */
export type AwayCode = 'UNKNOWN' | 'INACTIVE' | 'OUT_OF_OFFICE' | 'SAME_AS_OWNER';

/** "2026-12-04 09:00 UTC" — explanations name instants in UTC, to the minute. */
export function formatInstant(iso: string): string {
  const d = new Date(iso);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** The out-of-office period covering `at`, if any (the one ending last when periods overlap). */
export function outOfOfficeAt(periods: readonly OutOfOfficePeriod[], at: Date): OutOfOfficePeriod | undefined {
  const t = at.getTime();
  let found: OutOfOfficePeriod | undefined;
  for (const p of periods) {
    if (Date.parse(p.from) <= t && t < Date.parse(p.to) && (!found || Date.parse(p.to) > Date.parse(found.to))) found = p;
  }
  return found;
}

export function repAvailability(repId: string, rep: Rep | undefined, at: Date): Availability {
  if (!rep) return { available: false, rep: null, label: `rep ${repId}`, code: 'UNKNOWN', why: 'is not a known rep' };
  if (!rep.active) return { available: false, rep, label: rep.name, code: 'INACTIVE', why: 'is inactive' };
  const away = outOfOfficeAt(rep.outOfOffice, at);
  if (away) {
    const note = away.note ? ` (${away.note})` : '';
    return { available: false, rep, label: rep.name, code: 'OUT_OF_OFFICE', why: `is out of office until ${formatInstant(away.to)}${note}` };
  }
  return { available: true, rep };
}

/** An out-of-office period that started or ended inside a stretch of time. */
export interface CoverBoundary {
  rep: Rep;
  period: OutOfOfficePeriod;
  kind: 'STARTED' | 'ENDED';
  at: string;
}

/**
 * Leave that began or ended in (after, upTo]: the moments the owner or backup of an account changes
 * without anyone editing the map. Only active reps (an inactive rep is covered already). Ordered by time.
 */
export function coverBoundariesBetween(reps: readonly Rep[], after: Date, upTo: Date): CoverBoundary[] {
  const inside = (iso: string) => {
    const t = Date.parse(iso);
    return t > after.getTime() && t <= upTo.getTime();
  };
  const found: CoverBoundary[] = [];
  for (const rep of reps) {
    if (!rep.active) continue;
    for (const period of rep.outOfOffice) {
      if (inside(period.from)) found.push({ rep, period, kind: 'STARTED', at: period.from });
      if (inside(period.to)) found.push({ rep, period, kind: 'ENDED', at: period.to });
    }
  }
  return found.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.rep.id < b.rep.id ? -1 : 1));
}

/** "Ana Ortiz's out-of-office period started (2026-12-01 00:00 UTC – 2026-12-15 00:00 UTC, Parental leave)". */
export function describeCoverBoundaries(boundaries: readonly CoverBoundary[]): string {
  return boundaries
    .map((b) => `${b.rep.name}'s out-of-office period ${b.kind === 'STARTED' ? 'started' : 'ended'} (${formatInstant(b.period.from)} – ${formatInstant(b.period.to)}${b.period.note ? `, ${b.period.note}` : ''})`)
    .join('; ');
}
