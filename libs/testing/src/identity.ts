import { signIdentityHeaders, type Identity, type Role } from '@handoff-graph/auth';

/** The gateway secret integration tests give a service (`deps.auth`), and sign requests with. */
export const TEST_GATEWAY_SECRET = 'integration-test-gateway-secret';

/** Demo identities per role, for authorization tests. */
export const TEST_IDENTITIES: Record<Role, Identity> = {
  REP: { subject: 'ana.ortiz@example.com', role: 'REP', repId: 'rep-ana', team: 'EMEA' },
  MANAGER: { subject: 'mara.lind@example.com', role: 'MANAGER', repId: 'rep-mara', team: 'EMEA' },
  OPS: { subject: 'ops@example.com', role: 'OPS', repId: null, team: null },
  PARTNER: { subject: 'crm-task-sync', role: 'PARTNER', repId: null, team: null },
};

/** Headers that make a direct subgraph request look as if the gateway verified `identity`. */
export function asIdentity(identity: Identity, secret = TEST_GATEWAY_SECRET): Record<string, string> {
  return signIdentityHeaders(identity, secret);
}
