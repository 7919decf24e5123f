import type { Clock } from '@handoff-graph/config';
import type { EventBatchHandler } from '@handoff-graph/data';
import { storeHalvesAndAssemble } from '../application/assemble-handoff';
import { ContactEngagementEntity } from '../data/contact-engagement.entity';
import { insertEngagements } from '../data/engagement.repository';
import { insertQualifications } from '../data/qualification.repository';
import { QualificationEntity } from '../data/qualification.entity';
import { normalizeEmail } from '../domain/crm-mirror';

/** contact-engaged → one engagement row each (what picks the primary contact); a run in one statement. */
export const onContactEngaged: EventBatchHandler<'contact-engaged'> = {
  batch: (events, manager) =>
    insertEngagements(
      manager,
      events.map(({ payload: p }) =>
        Object.assign(new ContactEngagementEntity(), {
          signalId: p.signalId,
          accountId: p.accountId,
          contactEmail: normalizeEmail(p.contactEmail),
          signalType: p.signalType,
          occurredAt: new Date(p.occurredAt),
          points: p.points,
          detail: p.detail,
        }),
      ),
    ),
};

/** account-qualified → store the qualification; assemble if its ownership outcome is already here (a run at once). */
export function onAccountQualified(clock: Clock): EventBatchHandler<'account-qualified'> {
  return {
    batch: (events, manager) =>
      storeHalvesAndAssemble(
        manager,
        events,
        () =>
          insertQualifications(
            manager,
            events.map(({ payload: p, eventId, correlationId }) =>
              Object.assign(new QualificationEntity(), {
                qualificationId: p.qualificationId,
                accountId: p.accountId,
                qualifiedAt: new Date(p.qualifiedAt),
                scoringSnapshot: p.scoringSnapshot,
                eventId,
                correlationId,
              }),
            ),
          ),
        clock,
      ),
  };
}
