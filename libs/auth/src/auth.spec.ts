import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDENTITY_HEADER, signIdentityHeaders, verifyIdentityHeaders } from './gateway-identity';
import type { Identity } from './identity';
import { canActOnHandoff, canSeeHandoff, canSeeRepQueue } from './policy';
import { createTokenVerifier, signHs256Token } from './token-verifier';

const ana: Identity = { subject: 'ana@example.com', role: 'REP', repId: 'rep-ana', team: 'EMEA' };
const mara: Identity = { subject: 'mara@example.com', role: 'MANAGER', repId: 'rep-mara', team: 'EMEA' };
const ops: Identity = { subject: 'ops@example.com', role: 'OPS', repId: null, team: null };
const partner: Identity = { subject: 'crm-sync', role: 'PARTNER', repId: null, team: null };
const cfg = { issuer: 'handoff-graph', audience: 'handoff-graph-api' };

describe('bearer tokens', () => {
  const verify = createTokenVerifier({ ...cfg, hs256Secret: 'a-long-enough-dev-secret-0123456789' });

  it('accepts a valid HS256 token and returns its identity', async () => {
    const token = await signHs256Token(ana, { ...cfg, secret: 'a-long-enough-dev-secret-0123456789' });
    await expect(verify(`Bearer ${token}`)).resolves.toEqual(ana);
  });

  it.each([
    ['missing', undefined, 'missing bearer token'],
    ['not bearer', 'Basic abc', 'missing bearer token'],
    ['garbage', 'Bearer not.a.jwt', 'invalid token'],
  ])('refuses a %s header', async (_name, header, message) => {
    await expect(verify(header)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining(message) });
  });

  it('refuses a token signed with another secret (forged)', async () => {
    const forged = await signHs256Token(ops, { ...cfg, secret: 'somebody-elses-secret-0123456789abcd' });
    await expect(verify(`Bearer ${forged}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('signature') });
  });

  it('refuses an expired token', async () => {
    const expired = await new SignJWT({ role: 'REP', repId: 'rep-ana' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('ana')
      .setIssuer(cfg.issuer)
      .setAudience(cfg.audience)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode('a-long-enough-dev-secret-0123456789'));
    await expect(verify(`Bearer ${expired}`)).rejects.toMatchObject({ message: expect.stringContaining('"exp" claim') });
  });

  it('refuses a REP token without repId', async () => {
    const token = await signHs256Token({ ...ana, repId: null }, { ...cfg, secret: 'a-long-enough-dev-secret-0123456789' });
    await expect(verify(`Bearer ${token}`)).rejects.toThrow('must carry repId');
  });

  it('verifies RS256 tokens against a JWKS file (production)', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
    const file = join(mkdtempSync(join(tmpdir(), 'jwks-')), 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [jwk] }));
    const token = await new SignJWT({ role: 'OPS' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('ops@example.com')
      .setIssuer(cfg.issuer)
      .setAudience(cfg.audience)
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(createTokenVerifier({ ...cfg, jwksFile: file })(`Bearer ${token}`)).resolves.toEqual(ops);
  });
});

describe('gateway → subgraph identity', () => {
  const secret = 'gateway-shared-secret';
  const at = new Date('2026-11-25T10:00:00Z');

  it('round-trips a signed identity', () => {
    expect(verifyIdentityHeaders(signIdentityHeaders(mara, secret, at), secret, at)).toEqual({ ok: true, identity: mara });
  });

  it('refuses a request with no identity, a tampered one, a wrong secret, or an old one', () => {
    const headers = signIdentityHeaders(ana, secret, at);
    expect(verifyIdentityHeaders({}, secret, at)).toMatchObject({ ok: false, reason: expect.stringContaining('through the gateway') });
    const tampered = { ...headers, [IDENTITY_HEADER]: Buffer.from(JSON.stringify({ ...ops, signedAt: at.toISOString() })).toString('base64url') };
    expect(verifyIdentityHeaders(tampered, secret, at)).toMatchObject({ ok: false, reason: expect.stringContaining('signature') });
    expect(verifyIdentityHeaders(headers, 'other-secret', at)).toMatchObject({ ok: false });
    expect(verifyIdentityHeaders(headers, secret, new Date(at.getTime() + 6 * 60_000))).toMatchObject({ ok: false, reason: expect.stringContaining('expired') });
  });
});

describe('policy', () => {
  const anasHandoff = { ownerRepId: 'rep-ana', backupRepId: 'rep-ben', ownerTeam: 'EMEA' };
  const carlasHandoff = { ownerRepId: 'rep-carla', backupRepId: 'rep-dev', ownerTeam: 'North America' };

  it.each([
    ['REP owner', ana, anasHandoff, true, true],
    ['REP of another handoff', ana, carlasHandoff, false, false],
    ['REP as backup', { ...ana, repId: 'rep-ben' }, anasHandoff, true, true],
    ["MANAGER of the owner's team", mara, anasHandoff, true, false],
    ['MANAGER of another team', mara, carlasHandoff, false, false],
    ['OPS', ops, carlasHandoff, true, true],
    ['PARTNER', partner, anasHandoff, false, false],
  ] as const)('%s: sees %#', (_who, viewer, parties, sees, acts) => {
    expect(canSeeHandoff(viewer, parties)).toBe(sees);
    expect(canActOnHandoff(viewer, parties)).toBe(acts);
  });

  it('lets a rep read their own queue, a manager their team members, ops anyone', () => {
    expect(canSeeRepQueue(ana, 'rep-ana', 'EMEA')).toBe(true);
    expect(canSeeRepQueue(ana, 'rep-ben', 'EMEA')).toBe(false);
    expect(canSeeRepQueue(mara, 'rep-ben', 'EMEA')).toBe(true);
    expect(canSeeRepQueue(mara, 'rep-carla', 'North America')).toBe(false);
    expect(canSeeRepQueue(ops, 'rep-carla', 'North America')).toBe(true);
  });
});
