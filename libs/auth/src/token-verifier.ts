import { createLocalJWKSet, jwtVerify, SignJWT, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { readFileSync } from 'node:fs';
import { identitySchema, type Identity } from './identity';

export interface TokenConfig {
  /** HS256 shared secret (the embedded default). */
  hs256Secret?: string;
  /** RS256: a JWKS file with the public keys (production). */
  jwksFile?: string;
  issuer: string;
  audience: string;
}

/** A token was missing, expired, forged or carried no valid identity: always UNAUTHENTICATED. */
export class AuthenticationError extends Error {
  readonly code = 'UNAUTHENTICATED';
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

/** Verifies `Authorization: Bearer <jwt>` and returns the identity in its claims (sub, role, repId, team). */
export function createTokenVerifier(config: TokenConfig): (authorization: string | undefined) => Promise<Identity> {
  let key: Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];
  if (config.jwksFile) {
    key = createLocalJWKSet(JSON.parse(readFileSync(config.jwksFile, 'utf8')) as JSONWebKeySet);
    algorithms = ['RS256'];
  } else if (config.hs256Secret) {
    key = new TextEncoder().encode(config.hs256Secret);
    algorithms = ['HS256'];
  } else {
    throw new Error('token verification needs hs256Secret or jwksFile');
  }
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new AuthenticationError('missing bearer token: send Authorization: Bearer <token>');
    let claims: Record<string, unknown>;
    try {
      const verified = await jwtVerify(match[1], key as Uint8Array, { issuer: config.issuer, audience: config.audience, algorithms });
      claims = verified.payload as Record<string, unknown>;
    } catch (e) {
      throw new AuthenticationError(`invalid token: ${(e as Error).message}`);
    }
    const identity = identitySchema.safeParse({
      subject: claims.sub,
      role: claims.role,
      repId: claims.repId ?? null,
      team: claims.team ?? null,
    });
    if (!identity.success) throw new AuthenticationError(`token claims are not an identity: ${identity.error.issues[0].message}`);
    if ((identity.data.role === 'REP' || identity.data.role === 'MANAGER') && !identity.data.repId) {
      throw new AuthenticationError('a REP or MANAGER token must carry repId');
    }
    return identity.data;
  };
}

/** Issues an HS256 token (npm start's demo tokens; tests). */
export async function signHs256Token(
  identity: Identity,
  options: { secret: string; issuer: string; audience: string; expiresIn?: string },
): Promise<string> {
  return new SignJWT({ role: identity.role, repId: identity.repId, team: identity.team })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.subject)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h')
    .sign(new TextEncoder().encode(options.secret));
}
