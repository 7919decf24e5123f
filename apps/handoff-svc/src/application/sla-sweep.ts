import type { EventEnvelope } from '@handoff-graph/contracts';
import { enqueueEvents } from '@handoff-graph/data';
import type { DataSource, EntityManager } from 'typeorm';
import { HandoffEscalationEntity } from '../data/handoff-history.entity';
import type { HandoffEntity } from '../data/handoff.entity';
import { correlationOf, escalationLevelsOf, insertEscalation, sweepCandidates } from '../data/handoff.repository';
import { calendarsOf, repNames } from '../data/rep.repository';
import { slaPolicy } from '../data/sla-policy.repository';
import { planExpiry } from '../domain/lifecycle';
import type { RepCalendar } from '../domain/rep-calendar';
import { decideSweep, slaTimes, type SlaPolicy } from '../domain/sla';
import { addCalendarDays } from '../domain/zoned-time';
import { handoffEscalated, slaBreached } from '../events/handoff-events.producer';
import { applyLifecyclePlan } from './lifecycle';

export interface SweepResult {
  checked: number;
  escalatedToBackup: number;
  escalatedToManager: number;
  expired: number;
}

const BATCH = 200;

/**
 * The SLA sweep at `now` (the background job runs it every 30 s with the service clock; tests call
 * it with a manual clock). For every open handoff (DELIVERED or ACCEPTED) whose clocks may have run
 * out: offer it to the backup, escalate it to the team manager, or expire it (domain/sla.ts). Each
 * escalation is stored once per level per owner (a second sweep, or a second instance, changes
 * nothing) and published with its sla-breached in the same transaction. Works in batches, each its
 * own transaction, skipping handoffs another transaction holds.
 */
export async function runSlaSweep(dataSource: DataSource, now: Date): Promise<SweepResult> {
  const result: SweepResult = { checked: 0, escalatedToBackup: 0, escalatedToManager: 0, expired: 0 };
  // A rep's local date is at most one day after the UTC date.
  const latest = addCalendarDays(now.toISOString().slice(0, 10), 1);
  let after: { queueDate: string; id: string } | undefined;
  for (;;) {
    const batch = await dataSource.transaction(async (m) => {
      const policy = await slaPolicy(m);
      // No clock runs out before `acceptanceWindowMinutes` of working time, so none sooner after queuing.
      const queuedBy = new Date(now.getTime() - policy.acceptanceWindowMinutes * 60_000);
      const handoffs = await sweepCandidates(m, latest, queuedBy, BATCH, after);
      const facts = await sweepFacts(m, handoffs);
      const events: EventEnvelope[] = [];
      for (const h of handoffs) events.push(...(await sweepOne(m, h, policy, facts, now, result)));
      await enqueueEvents(m, events);
      return handoffs;
    });
    result.checked += batch.length;
    if (batch.length < BATCH) return result;
    const last = batch[batch.length - 1];
    after = { queueDate: last.queueDate!, id: last.id };
  }
}

/** What the sweep reads about a batch, in three queries for the whole batch. */
interface SweepFacts {
  calendars: Map<string, RepCalendar>;
  /** Escalation levels already made, by handoff id and from-rep. */
  escalated: Map<string, ('BACKUP' | 'MANAGER')[]>;
  managerNames: Map<string, string>;
}

const escalationKey = (handoffId: string, fromRepId: string) => `${handoffId}\u0000${fromRepId}`;

async function sweepFacts(m: EntityManager, handoffs: HandoffEntity[]): Promise<SweepFacts> {
  const calendars = await calendarsOf(
    m,
    handoffs.flatMap((h) => (h.ownerRepId ? [h.ownerRepId] : [])),
  );
  const escalated = new Map<string, ('BACKUP' | 'MANAGER')[]>();
  for (const e of await escalationLevelsOf(m, handoffs.map((h) => h.id))) {
    const key = escalationKey(e.handoffId, e.fromRepId);
    escalated.set(key, [...(escalated.get(key) ?? []), e.level]);
  }
  const managerNames = await repNames(m, [...calendars.values()].flatMap((c) => (c.managerRepId ? [c.managerRepId] : [])));
  return { calendars, escalated, managerNames };
}

async function sweepOne(m: EntityManager, h: HandoffEntity, policy: SlaPolicy, facts: SweepFacts, now: Date, result: SweepResult): Promise<EventEnvelope[]> {
  const assignment = h.currentAssignment ?? h.ownerAssignment;
  if (!assignment || !h.queueDate || !h.queuedAt || !h.ownerRepId) return [];
  const calendar = facts.calendars.get(h.ownerRepId)!;
  const times = slaTimes(calendar, h.queueDate, h.queuedAt, policy);
  const actions = decideSweep(
    {
      status: h.status,
      times,
      policy,
      owner: { repId: assignment.owner.repId, name: assignment.owner.name },
      backup: { repId: assignment.backup.repId, name: assignment.backup.name },
      calendar,
      managerName: calendar.managerRepId ? (facts.managerNames.get(calendar.managerRepId) ?? null) : null,
      escalated: facts.escalated.get(escalationKey(h.id, h.ownerRepId)) ?? [],
    },
    now,
  );
  if (actions.length === 0) return [];
  const cause = { eventId: null, correlationId: await correlationOf(m, h.qualificationId) };
  const events: EventEnvelope[] = [];
  for (const action of actions) {
    if (action.kind === 'EXPIRE') {
      events.push(
        ...(await applyLifecyclePlan(m, h, planExpiry(h.status, action.reason), {
          at: now,
          now,
          attempted: 'EXPIRED',
          causeType: 'sla-sweep',
          causeEventId: null,
        })),
      );
      result.expired++;
      continue;
    }
    const escalation = Object.assign(new HandoffEscalationEntity(), {
      handoffId: h.id,
      level: action.kind === 'ESCALATE_BACKUP' ? 'BACKUP' : 'MANAGER',
      sla: action.sla,
      fromRepId: h.ownerRepId,
      toRepId: action.toRepId,
      dueAt: action.dueAt,
      escalatedAt: now,
      reason: action.reason,
    });
    if (!(await insertEscalation(m, escalation))) continue;
    if (escalation.toRepId) events.push(handoffEscalated(h, { ...escalation, toRepId: escalation.toRepId }, cause));
    events.push(slaBreached(h, escalation, cause));
    if (escalation.level === 'BACKUP') result.escalatedToBackup++;
    else result.escalatedToManager++;
  }
  return events;
}
