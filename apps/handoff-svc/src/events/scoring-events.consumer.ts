import type { Clock } from '@handoff-graph/config';
import type { EventHandler } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import { assembleWhenReady } from '../application/assemble-handoff';
import { ContactEngagementEntity } from '../data/contact-engagement.entity';
import { insertEngagement } from '../data/engagement.repository';
import { insertQualification, lockQualification } from '../data/qualification.repository';
import { QualificationEntity } from '../data/qualification.entity';
import { normalizeEmail } from '../domain/crm-mirror';

/** contact-engaged → one engagement row (what picks the primary contact). */
export const onContactEngaged: EventHandler<'contact-engaged'> = async (event, manager: EntityManager) => {
  const p = event.payload;
  await insertEngagement(
    manager,
    Object.assign(new ContactEngagementEntity(), {
      signalId: p.signalId,
      accountId: p.accountId,
      contactEmail: normalizeEmail(p.contactEmail),
      signalType: p.signalType,
      occurredAt: new Date(p.occurredAt),
      points: p.points,
      detail: p.detail,
    }),
  );
};

/** account-qualified → store the qualification; assemble if its ownership outcome is already here. */
export function onAccountQualified(clock: Clock): EventHandler<'account-qualified'> {
  return async (event, manager) => {
    const p = event.payload;
    await lockQualification(manager, p.qualificationId);
    await insertQualification(
      manager,
      Object.assign(new QualificationEntity(), {
        qualificationId: p.qualificationId,
        accountId: p.accountId,
        qualifiedAt: new Date(p.qualifiedAt),
        scoringSnapshot: p.scoringSnapshot,
        eventId: event.eventId,
        correlationId: event.correlationId,
      }),
    );
    await assembleWhenReady(manager, p.qualificationId, event, clock());
  };
}
