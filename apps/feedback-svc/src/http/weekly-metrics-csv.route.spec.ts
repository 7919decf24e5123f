import { signIdentityHeaders, type Identity } from '@handoff-graph/auth';
import { exportAccess } from './weekly-metrics-csv.route';

const secret = 'test-secret';
const now = new Date('2026-11-26T12:00:00Z');
const identity = (role: Identity['role']): Identity => ({
  subject: `u-${role}`,
  role,
  repId: role === 'REP' ? 'rep-ana' : role === 'MANAGER' ? 'rep-mara' : null,
  team: role === 'MANAGER' ? 'EMEA' : null,
});
const as = (role: Identity['role']) => signIdentityHeaders(identity(role), secret, now);

describe('who may download the weekly metrics export', () => {
  it('is closed (401) when the service has no gateway secret: no identity can be verified', () => {
    expect(exportAccess(as('OPS'), undefined, now)).toMatchObject({ ok: false, status: 401 });
  });

  it('lets OPS download every row and a MANAGER their team’s rows', () => {
    expect(exportAccess(as('OPS'), { gatewaySecret: secret, required: true }, now)).toEqual({
      ok: true,
      viewer: identity('OPS'),
      scope: { scope: 'ALL', team: null, repId: null },
    });
    expect(exportAccess(as('MANAGER'), { gatewaySecret: secret, required: true }, now)).toEqual({
      ok: true,
      viewer: identity('MANAGER'),
      scope: { scope: 'TEAM', team: 'EMEA', repId: 'rep-mara' },
    });
  });

  it('refuses reps and partner tools with 403', () => {
    expect(exportAccess(as('REP'), { gatewaySecret: secret, required: true }, now)).toEqual({
      ok: false,
      status: 403,
      message: 'the weekly metrics export needs role OPS or MANAGER; you are REP',
    });
    expect(exportAccess(as('PARTNER'), { gatewaySecret: secret, required: true }, now)).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses a request without a valid gateway identity with 401, required or not', () => {
    expect(exportAccess({}, { gatewaySecret: secret, required: true }, now)).toEqual({
      ok: false,
      status: 401,
      message: 'no gateway identity: call this service through the gateway',
    });
    expect(exportAccess(as('OPS'), { gatewaySecret: 'another-secret', required: true }, now)).toMatchObject({ ok: false, status: 401 });
    expect(exportAccess({}, { gatewaySecret: secret, required: false }, now)).toMatchObject({ ok: false, status: 401 });
  });
});
