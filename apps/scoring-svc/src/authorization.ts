/**
 * Who may do what in scoring-svc (the table is apps/scoring-svc/authorization-matrix.json, rendered
 * into the root README; src/authorization.integration-spec.ts proves every row for every role).
 *
 * - An account's score — its snapshot, whether it is qualified, its qualifications and the full
 *   explanation — is what a rep reads on the handoff card in 30 seconds. It is a fact about the
 *   account (signals and firmographics against the team's model), not about a rep, so REP, MANAGER
 *   and OPS read it for any account: a rep checks why an account in their territory is close to the
 *   line before it reaches them. scoring-svc keeps no ownership, so "own" could not be checked here
 *   anyway; whose handoff it is stays handoff-svc's rule. PARTNER reads no account data.
 * - The scoring model (rules, threshold, fit, author, description) explains every score: REP,
 *   MANAGER and OPS read it. Its activation audit trail (`modelActivations`, `ScoringModel.activations`:
 *   who switched the model and why) is ops' record of their own decisions: OPS only.
 * - OPS alone records signals through GraphQL (marketing tools send them on the `signals` Kafka topic),
 *   creates and activates model versions, lists the unmatched signals (contact emails and domains
 *   waiting for an account), and simulates thresholds. A simulation replays every account's history
 *   and joins every team's verdicts (org-wide conversion and rejection rates) — wider than a manager's
 *   team — and it is the recalibration tool ops run; managers see their team's numbers in
 *   feedback-svc's metrics, so MANAGER does not simulate.
 *
 * Pure rules; every resolver calls one before it reads input or touches data: no identity is
 * UNAUTHENTICATED, a role that may not is FORBIDDEN, and nothing is read or written.
 */
import { requireRole, type Identity, type Role } from '@handoff-graph/auth';

/** The roles that read account scores and the scoring model. */
export const SCORE_READERS: readonly Role[] = ['REP', 'MANAGER', 'OPS'];

/** REP, MANAGER or OPS: account scores, explanations and the model. UNAUTHENTICATED without an identity, FORBIDDEN for PARTNER. */
export function requireScoreReader(viewer: Identity | null, what: string): Identity {
  return requireRole(viewer, [...SCORE_READERS], what);
}

/** OPS only: recording signals, editing and activating models, the audit trail, unmatched signals and simulations. */
export function requireOps(viewer: Identity | null, what: string): Identity {
  return requireRole(viewer, ['OPS'], what);
}
