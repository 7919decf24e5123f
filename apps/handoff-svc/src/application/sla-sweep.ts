import type { EventEnvelope } from '@handoff-graph/contracts';
import { enqueueEvents } from '@handoff-graph/data';
import type { DataSource, EntityManager } from 'typeorm';
import { HandoffEscalationEntity } from '../data/handoff-history.entity';
import type { HandoffEntity } from '../data/handoff.entity';
import { correlationOf, insertEscalation, sweepCandidates } from '../data/handoff.repository';
import { calendarsOf, findRep } from '../data/rep.repository';
import { slaPolicy } from '../data/sla-policy.repository';
import { planExpiry } from '../domain/lifecycle';
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
      const handoffs = await sweepCandidates(m, latest, BATCH, after);
      const policy = await slaPolicy(m);
      const events: EventEnvelope[] = [];
      for (const h of handoffs) events.push(...(await sweepOne(m, h, policy, now, result)));
      await enqueueEvents(m, events);
      return handoffs;
    });
    result.checked += batch.length;
    if (batch.length < BATCH) return result;
    const last = batch[batch.length - 1];
    after = { queueDate: last.queueDate!, id: last.id };
  }
}

async function sweepOne(m: EntityManager, h: HandoffEntity, policy: SlaPolicy, now: Date, result: SweepResult): Promise<EventEnvelope[]> {
  const assignment = h.currentAssignment ?? h.ownerAssignment;
  if (!assignment || !h.queueDate || !h.queuedAt || !h.ownerRepId) return [];
  const calendar = (await calendarsOf(m, [h.ownerRepId])).get(h.ownerRepId)!;
  const escalated: { level: 'BACKUP' | 'MANAGER' }[] = await m.find(HandoffEscalationEntity, {
    where: { handoffId: h.id, fromRepId: h.ownerRepId },
    select: { level: true },
  });
  const times = slaTimes(calendar, h.queueDate, h.queuedAt, policy);
  const manager = calendar.managerRepId ? await findRep(m, calendar.managerRepId) : null;
  const actions = decideSweep(
    {
      status: h.status,
      times,
      policy,
      owner: { repId: assignment.owner.repId, name: assignment.owner.name },
      backup: { repId: assignment.backup.repId, name: assignment.backup.name },
      calendar,
      managerName: manager?.name ?? null,
      escalated: escalated.map((e) => e.level),
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
