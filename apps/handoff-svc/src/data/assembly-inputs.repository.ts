import type { OwnerAssignment, ScoringSnapshot } from '@handoff-graph/contracts';
import type { EntityManager } from 'typeorm';
import type { MirrorAccount } from '../domain/assembly';
import type { PlaybookRule } from '../domain/next-action';
import type { ContactEngagement, MirrorContact } from '../domain/primary-contact';

/** Everything assembly reads about one qualification, as of the caller's transaction. */
export interface AssemblyInputs {
  /** A handoff exists for the qualification already. */
  assembled: boolean;
  qualification: { accountId: string; qualifiedAt: Date; scoringSnapshot: ScoringSnapshot; correlationId: string } | null;
  /** The ownership outcome: an assignment, or the reason ownership-svc named none. */
  outcome: { ownerAssignment: OwnerAssignment | null; unresolvedReason: string | null } | null;
  /** Filled only when the qualification and its outcome are both here and no handoff exists yet. */
  account: MirrorAccount | null;
  contacts: MirrorContact[];
  engagements: ContactEngagement[];
  rules: PlaybookRule[];
  earlierHandoffs: { createdAt: Date; delivered: boolean }[];
}

type Row = {
  id: string;
  assembled: boolean;
  account_id: string | null;
  qualified_at: Date | null;
  scoring_snapshot: ScoringSnapshot | null;
  correlation_id: string | null;
  resolved: boolean;
  owner_assignment: OwnerAssignment | null;
  unresolved_reason: string | null;
  account: MirrorAccount | null;
  contacts: MirrorContact[];
  engagements: (Omit<ContactEngagement, 'occurredAt'> & { occurredAt: string })[];
  /** On the first row only (null on the others): every ready qualification gets the same rules. */
  rules: PlaybookRule[] | null;
  earlier: { createdAt: string; delivered: boolean }[];
};

/** Inputs with both halves here and nothing assembled yet: assembly may run. */
export type ReadyAssemblyInputs = AssemblyInputs & { qualification: NonNullable<AssemblyInputs['qualification']>; outcome: NonNullable<AssemblyInputs['outcome']> };

export function readyToAssemble(inputs: AssemblyInputs): inputs is ReadyAssemblyInputs {
  return !inputs.assembled && inputs.qualification !== null && inputs.outcome !== null;
}

/**
 * One round trip for a run of qualifications instead of eight per qualification: for each,
 * whether it has a handoff, the qualification, its ownership outcome and — when both are here and
 * nothing is assembled yet — the CRM mirror's account and contacts (by name, id), the account's
 * engagement in the `windowDays` before it qualified, its earlier handoffs (for the stage) and the
 * active playbook rules (priority desc, id). Keyed by qualification id in lower case (as
 * PostgreSQL prints a uuid). The nested rows come back as JSON built with the domain's field names;
 * timestamps are parsed here. The rules come once, on the first row, and are shared: on every row
 * (~4 KB of JSON for the seeded playbook) they were parsed once per qualification read. Earlier
 * handoffs are those stored when the statement runs: a caller assembling two qualifications of one
 * account reads the second again after the first.
 */
export async function assemblyInputs(m: EntityManager, qualificationIds: readonly string[], windowDays: number): Promise<Map<string, AssemblyInputs>> {
  if (qualificationIds.length === 0) return new Map();
  const rows: Row[] = await m.query(
    `WITH k AS (
       SELECT x.id, q.account_id, q.qualified_at, q.scoring_snapshot, q.correlation_id,
              o.qualification_id IS NOT NULL AS resolved, o.owner_assignment, o.unresolved_reason,
              EXISTS (SELECT 1 FROM handoff h WHERE h.qualification_id = x.id) AS assembled
         FROM (SELECT DISTINCT id FROM unnest($1::uuid[]) AS u(id)) x
         LEFT JOIN qualification q ON q.qualification_id = x.id
         LEFT JOIN ownership_outcome o ON o.qualification_id = x.id
     ), ready AS (SELECT id, account_id, qualified_at FROM k WHERE resolved AND account_id IS NOT NULL AND NOT assembled),
     rules AS (
       SELECT coalesce(json_agg(json_build_object('id', r.id, 'version', r.version, 'name', r.name, 'triggerSignalType', r.trigger_signal_type,
                                                  'stage', r.stage, 'contactRole', r.contact_role, 'primaryTemplate', r.primary_template,
                                                  'fallbackTemplate', r.fallback_template, 'priority', r.priority, 'active', r.active)
                                ORDER BY r.priority DESC, r.id), '[]') AS rules
         FROM playbook_rule r WHERE r.active AND NOT r.deleted AND EXISTS (SELECT 1 FROM ready))
     SELECT k.*, CASE WHEN row_number() OVER () = 1 THEN rules.rules END AS rules,
       (SELECT json_build_object('id', a.id, 'crmId', a.crm_id, 'name', a.name, 'domain', a.domain, 'firmographics', a.firmographics)
          FROM account a, ready WHERE ready.id = k.id AND a.id = ready.account_id) AS account,
       (SELECT coalesce(json_agg(json_build_object('id', c.id, 'accountId', c.account_id, 'name', c.name, 'title', c.title,
                                                   'email', c.email, 'committeeRole', c.committee_role) ORDER BY c.name, c.id), '[]')
          FROM contact c, ready WHERE ready.id = k.id AND c.account_id = ready.account_id) AS contacts,
       (SELECT coalesce(json_agg(json_build_object('signalId', e.signal_id, 'contactEmail', e.contact_email, 'signalType', e.signal_type,
                                                   'occurredAt', e.occurred_at, 'points', e.points, 'detail', e.detail)), '[]')
          FROM contact_engagement e, ready
         WHERE ready.id = k.id AND e.account_id = ready.account_id
           AND e.occurred_at BETWEEN ready.qualified_at - make_interval(secs => $2) AND ready.qualified_at) AS engagements,
       (SELECT coalesce(json_agg(json_build_object('createdAt', h.created_at, 'delivered', h.delivered_at IS NOT NULL)), '[]')
          FROM handoff h, ready WHERE ready.id = k.id AND h.account_id = ready.account_id AND h.created_at < ready.qualified_at) AS earlier
     FROM k, rules`,
    [qualificationIds, windowDays * 24 * 60 * 60],
  );
  const rules = rows.find((row) => row.rules !== null)?.rules ?? [];
  return new Map(
    rows.map((row) => [
      row.id,
      {
        assembled: row.assembled,
        qualification:
          row.account_id === null
            ? null
            : { accountId: row.account_id, qualifiedAt: row.qualified_at!, scoringSnapshot: row.scoring_snapshot!, correlationId: row.correlation_id! },
        outcome: row.resolved ? { ownerAssignment: row.owner_assignment, unresolvedReason: row.unresolved_reason } : null,
        account: row.account,
        contacts: row.contacts,
        engagements: row.engagements.map((e) => ({ ...e, occurredAt: new Date(e.occurredAt) })),
        rules: row.resolved && row.account_id !== null && !row.assembled ? rules : [],
        earlierHandoffs: row.earlier.map((h) => ({ createdAt: new Date(h.createdAt), delivered: h.delivered })),
      },
    ]),
  );
}
