import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';

/**
 * Visitor passes are compact JWS (a JWT with alg EdDSA over Ed25519), signed with node:crypto: no
 * library is needed for one algorithm, and the QR stays short (about 230 characters). A gate holds
 * the public key (GET /api/access/public-key, a JWK) and checks a pass offline: the signature, its
 * nbf/exp and that `cmp` is its own compound; revocations reach it when it is online (the server
 * checks them again on every entry event). The private key is ACCESS_SIGNING_KEY (PKCS#8 PEM), or
 * one made on first use and kept in the database (platform/secrets.ts).
 */
export interface PassKey {
  privateKey: KeyObject;
  publicJwk: JsonWebKey & { kid: string };
}

export interface PassClaims {
  typ: 'gz-visitor';
  /** The pass's id. */
  pid: number;
  /** The compound it opens. */
  cmp: number;
  /** Valid from and until, seconds since the epoch. */
  nbf: number;
  exp: number;
}

export function newPassKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

export function loadPassKey(pem: string): PassKey {
  const privateKey = createPrivateKey(pem.trim());
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('ACCESS_SIGNING_KEY is not an Ed25519 private key');
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const kid = createHash('sha256').update(String(jwk.x)).digest('base64url').slice(0, 16);
  return { privateKey, publicJwk: { ...jwk, kid, alg: 'EdDSA', use: 'sig' } };
}

/** The key, read once per process: the configured PEM or the kept one; a failed read is tried again. */
export function passKeySource(configured: string, kept: () => Promise<string>): () => Promise<PassKey> {
  let key: Promise<PassKey> | undefined;
  return () => {
    key ??= (configured.trim() ? Promise.resolve(configured) : kept()).then(loadPassKey, (error: unknown) => {
      key = undefined;
      throw error;
    });
    return key;
  };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signPass(key: PassKey, claims: PassClaims): string {
  const input = `${b64({ alg: 'EdDSA', typ: 'JWT', kid: key.publicJwk.kid })}.${b64(claims)}`;
  return `${input}.${sign(null, Buffer.from(input), key.privateKey).toString('base64url')}`;
}

/** The claims of a pass whose signature verifies, whatever its times; null for anything else. */
export function readPass(token: string, key: PassKey): PassClaims | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return null;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const publicKey = createPublicKey({ key: key.publicJwk, format: 'jwk' });
    if (!verify(null, Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))) return null;
    const h = JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>;
    if (h.alg !== 'EdDSA') return null;
    const c = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const int = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
    if (c.typ !== 'gz-visitor' || !int(c.pid) || !int(c.cmp) || !int(c.nbf) || !int(c.exp)) return null;
    return c as unknown as PassClaims;
  } catch {
    return null;
  }
}

/** A card number as kept: a keyed hash (never the number), and its last 4 digits for people to read. */
export function cardDigest(key: Buffer, card: string): { hash: string; last4: string } {
  const normal = card.trim().toUpperCase();
  return { hash: createHmac('sha256', key).update(normal).digest('base64url'), last4: normal.slice(-4) };
}
