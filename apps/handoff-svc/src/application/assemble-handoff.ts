import { randomUUID } from 'node:crypto';
import { enqueueEvents } from '@handoff-graph/data';
import type { EventEnvelope } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import { contactsOfAccount, findAccount, toMirrorAccount, toMirrorContact } from '../data/crm-mirror.repository';
import { engagementsOfAccount } from '../data/engagement.repository';
import { HandoffEntity } from '../data/handoff.entity';
import { handoffOfQualification, insertHandoff, lockQueue, queueEntries, updateRanks } from '../data/handoff.repository';
import { listPlaybookRules } from '../data/playbook-rule.repository';
import { findOwnershipOutcome, findQualification } from '../data/qualification.repository';
import { assembleHandoff, type OwnershipOutcome } from '../domain/assembly';
import { ENGAGEMENT_WINDOW_DAYS } from '../domain/primary-contact';
import { queueDateOf, rankQueue } from '../domain/queue';
import { handoffCreated, handoffDelivered, handoffIncomplete } from '../events/handoff-events.producer';

export type AssemblyOutcome = 'waiting' | 'already-assembled' | 'delivered' | 'incomplete';

/**
 * Called (under the qualification's lock) after a qualification or an ownership outcome is stored.
 * When both are there and no handoff exists yet, assembles the five elements once:
 * complete → DELIVERED into the owner's queue (`handoff-created`, then `handoff-delivered`);
 * otherwise INCOMPLETE (`handoff-incomplete`, the ops alert), never delivered.
 */
export async function assembleWhenReady(
  m: EntityManager,
  qualificationId: string,
  trigger: EventEnvelope,
  now: Date,
): Promise<AssemblyOutcome> {
  if (await handoffOfQualification(m, qualificationId)) return 'already-assembled';
  const qualification = await findQualification(m, qualificationId);
  const outcome = await findOwnershipOutcome(m, qualificationId);
  if (!qualification || !outcome) return 'waiting';

  const accountId = qualification.accountId;
  const windowStart = new Date(qualification.qualifiedAt.getTime() - ENGAGEMENT_WINDOW_DAYS * 24 * 60 * 60 * 1000);
  // One connection per transaction: sequential reads.
  const account = await findAccount(m, accountId);
  const contacts = await contactsOfAccount(m, accountId);
  const engagements = await engagementsOfAccount(m, accountId, windowStart, qualification.qualifiedAt);
  const rules = await listPlaybookRules(m, true);
  const ownership: OwnershipOutcome = outcome.ownerAssignment
    ? { kind: 'resolved', ownerAssignment: outcome.ownerAssignment }
    : { kind: 'unresolved', reason: outcome.unresolvedReason ?? 'ownership-svc named no owner.' };

  const assembled = assembleHandoff({
    qualification: {
      qualificationId,
      accountId,
      qualifiedAt: qualification.qualifiedAt,
      scoringSnapshot: qualification.scoringSnapshot,
    },
    ownership,
    account: account ? toMirrorAccount(account) : null,
    contacts: contacts.map(toMirrorContact),
    engagements,
    rules,
  });

  const handoff = Object.assign(new HandoffEntity(), {
    id: randomUUID(),
    qualificationId,
    accountId,
    ...assembled.elements,
    missingElements: assembled.missing.map((x) => x.element),
    reasons: assembled.missing.map((x) => x.reason),
    createdAt: now,
    ownerRepId: assembled.elements.ownerAssignment?.owner.repId ?? null,
  });
  const cause = { eventId: trigger.eventId, correlationId: qualification.correlationId };

  if (!assembled.complete) {
    Object.assign(handoff, { status: 'INCOMPLETE', deliveredAt: null, queueDate: null, priorityRank: null });
    if (!(await insertHandoff(m, handoff))) return 'already-assembled';
    await enqueueEvents(m, [handoffIncomplete(handoff, cause)]);
    return 'incomplete';
  }

  // Delivery: into the owner's queue for today (UTC), ranked by score among that queue.
  const ownerRepId = handoff.ownerRepId!;
  const queueDate = queueDateOf(now);
  await lockQueue(m, ownerRepId, queueDate);
  const ranks = rankQueue([
    ...(await queueEntries(m, ownerRepId, queueDate)),
    { handoffId: handoff.id, score: assembled.elements.scoringSnapshot!.score, createdAt: now },
  ]);
  Object.assign(handoff, { status: 'DELIVERED', deliveredAt: now, queueDate, priorityRank: ranks.get(handoff.id)! });
  if (!(await insertHandoff(m, handoff))) return 'already-assembled';
  await updateRanks(m, ranks);
  await enqueueEvents(m, [handoffCreated(handoff, cause), handoffDelivered(handoff, cause)]);
  return 'delivered';
}
