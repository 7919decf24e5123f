import type { Clock } from '@handoff-graph/config';
import type { EventEnvelope } from '@handoff-graph/contracts';
import { roundsByKey, type EventBatchHandler } from '@handoff-graph/data';
import type { EntityManager } from 'typeorm';
import { storeHalvesAndAssemble } from '../application/assemble-handoff';
import { ContactEngagementEntity } from '../data/contact-engagement.entity';
import { insertEngagements } from '../data/engagement.repository';
import { insertQualifications } from '../data/qualification.repository';
import { QualificationEntity } from '../data/qualification.entity';
import { normalizeEmail } from '../domain/crm-mirror';

type ScoringEvent = EventEnvelope<'contact-engaged' | 'account-qualified'>;

/**
 * scoring-events, whose two types alternate on an account's partition (a signal's contact-engaged,
 * then the account-qualified it led to), as one run: in rounds (`roundsByKey`), round k holding
 * each account's k-th stretch of one type, so each account's events apply in order and a round costs
 * one statement for its engagements and a few for its qualifications, not a transaction per event.
 * - contact-engaged → one engagement row each (what picks the primary contact);
 * - account-qualified → the qualification stored; assembled when its ownership outcome is already here.
 */
export function onScoringEvents(clock: Clock): EventBatchHandler<'contact-engaged' | 'account-qualified'> {
  return {
    batch: async (events: ScoringEvent[], manager) => {
      for (const round of roundsByKey(events, (e) => e.payload.accountId, (previous, next) => previous.type === next.type)) {
        const engaged = round.filter((e): e is EventEnvelope<'contact-engaged'> => e.type === 'contact-engaged');
        const qualified = round.filter((e): e is EventEnvelope<'account-qualified'> => e.type === 'account-qualified');
        if (engaged.length > 0) await storeEngagements(manager, engaged);
        if (qualified.length > 0) await storeQualificationsAndAssemble(manager, qualified, clock);
      }
    },
  };
}

function storeEngagements(manager: EntityManager, events: EventEnvelope<'contact-engaged'>[]): Promise<void> {
  return insertEngagements(
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
  );
}

function storeQualificationsAndAssemble(manager: EntityManager, events: EventEnvelope<'account-qualified'>[], clock: Clock): Promise<void> {
  return storeHalvesAndAssemble(
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
  );
}
