import { signIdentityHeaders, type Identity } from '@handoff-graph/auth';
import { exportAccess } from './weekly-metrics-csv.route';

const secret = 'test-secret';
const now = new Date('2026-11-26T12:00:00Z');
const as = (role: Identity['role']) => signIdentityHeaders({ subject: `u-${role}`, role, repId: role === 'REP' ? 'rep-ana' : null, team: null }, secret, now);

describe('who may download the weekly metrics export', () => {
  it('is open when the service does not use the gateway identity (npm start, tests)', () => {
    expect(exportAccess({}, undefined, now)).toEqual({ ok: true });
  });

  it('lets OPS and MANAGER identities signed by the gateway download it', () => {
    expect(exportAccess(as('OPS'), { gatewaySecret: secret, required: true }, now)).toEqual({ ok: true });
    expect(exportAccess(as('MANAGER'), { gatewaySecret: secret, required: true }, now)).toEqual({ ok: true });
  });

  it('refuses reps and partner tools with 403', () => {
    expect(exportAccess(as('REP'), { gatewaySecret: secret, required: true }, now)).toEqual({
      ok: false,
      status: 403,
      message: 'the weekly metrics export needs role OPS or MANAGER; you are REP',
    });
    expect(exportAccess(as('PARTNER'), { gatewaySecret: secret, required: true }, now)).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses a request without a valid gateway identity with 401 when the identity is required', () => {
    expect(exportAccess({}, { gatewaySecret: secret, required: true }, now)).toEqual({
      ok: false,
      status: 401,
      message: 'no gateway identity: call this service through the gateway',
    });
    expect(exportAccess(as('OPS'), { gatewaySecret: 'another-secret', required: true }, now)).toMatchObject({ ok: false, status: 401 });
    expect(exportAccess({}, { gatewaySecret: secret, required: false }, now)).toEqual({ ok: true });
  });
});
