import { createHmac, timingSafeEqual } from 'node:crypto';
import { identitySchema, type Identity } from './identity';

/**
 * How the gateway tells a subgraph who is asking: the verified identity, base64url JSON with the
 * time it was signed, and an HMAC-SHA256 over it with the secret only the gateway and the
 * subgraphs share. A subgraph trusts nothing else: a request without a valid signature is refused.
 */
export const IDENTITY_HEADER = 'x-handoff-identity';
export const IDENTITY_SIGNATURE_HEADER = 'x-handoff-identity-signature';
/** A signed identity older than this is refused (limits replay of a captured header). */
const MAX_AGE_MS = 5 * 60 * 1000;

function hmac(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function signIdentityHeaders(identity: Identity, secret: string, now: Date = new Date()): Record<string, string> {
  const payload = Buffer.from(JSON.stringify({ ...identity, signedAt: now.toISOString() })).toString('base64url');
  return { [IDENTITY_HEADER]: payload, [IDENTITY_SIGNATURE_HEADER]: hmac(payload, secret) };
}

export type IdentityCheck = { ok: true; identity: Identity } | { ok: false; reason: string };

export function verifyIdentityHeaders(
  headers: Record<string, string | string[] | undefined>,
  secret: string,
  now: Date = new Date(),
): IdentityCheck {
  const payload = headers[IDENTITY_HEADER];
  const signature = headers[IDENTITY_SIGNATURE_HEADER];
  if (typeof payload !== 'string' || typeof signature !== 'string') {
    return { ok: false, reason: 'no gateway identity: call this service through the gateway' };
  }
  const expected = Buffer.from(hmac(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'the gateway identity signature does not match' };
  }
  let decoded: { signedAt?: string } & Record<string, unknown>;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'the gateway identity is not JSON' };
  }
  const signedAt = Date.parse(String(decoded.signedAt));
  if (!Number.isFinite(signedAt) || Math.abs(now.getTime() - signedAt) > MAX_AGE_MS) {
    return { ok: false, reason: 'the gateway identity has expired' };
  }
  const { signedAt: _signedAt, ...rest } = decoded;
  const identity = identitySchema.safeParse(rest);
  return identity.success ? { ok: true, identity: identity.data } : { ok: false, reason: 'the gateway identity is malformed' };
}
