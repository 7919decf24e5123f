import type { Clock } from '@handoff-graph/config';
import type { EventHandler } from '@handoff-graph/data';
import { applyAccountUpserted } from '../use-cases/account-directory.use-case';

/**
 * `account-upserted` on `account-events` (handoff-svc's CRM mirror): keep the account directory,
 * count the signals that were waiting for this account, rescore when its fit changed. Events it
 * causes carry `causedBy`.
 */
export function accountUpsertedHandler(clock: Clock): EventHandler<'account-upserted'> {
  return async (event, manager) => {
    await applyAccountUpserted(manager, event.payload, { now: clock(), causedBy: event });
  };
}
