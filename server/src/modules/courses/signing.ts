import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';

/**
 * The issuer's Ed25519 key (node:crypto, no library): certificates are signed as compact JWS
 * (a VC-JWT with alg EdDSA) so anyone can check them offline with the published public key.
 * The key comes from COURSES_SIGNING_KEY (PKCS#8 PEM); when that is empty, one is made on first
 * use and kept in the database (platform/secrets.ts), so every process signs with the same key
 * and a restart keeps it.
 */
export interface SigningKey {
  privateKey: KeyObject;
  publicJwk: JsonWebKey & { kid: string };
  /** A secret for check-in codes, derived from the private key (never shown). */
  codeSecret: Buffer;
}

/** A new Ed25519 private key as PKCS#8 PEM. */
export function newSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

export function loadSigningKey(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem.trim());
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('COURSES_SIGNING_KEY is not an Ed25519 private key');
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const kid = createHash('sha256').update(String(jwk.x)).digest('base64url').slice(0, 16);
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  return {
    privateKey,
    publicJwk: { ...jwk, kid, alg: 'EdDSA', use: 'sig' },
    codeSecret: createHash('sha256').update('gongzhi-course-codes').update(der).digest(),
  };
}

/**
 * The signing key, read once per process: the configured PEM, or else the kept one (`kept` makes
 * or reads it). A failed read of the kept key is tried again on the next call.
 */
export function signingKeySource(configured: string, kept: () => Promise<string>): () => Promise<SigningKey> {
  let key: Promise<SigningKey> | undefined;
  return () => {
    key ??= (configured.trim() ? Promise.resolve(configured) : kept()).then(loadSigningKey, (error: unknown) => {
      key = undefined;
      throw error;
    });
    return key;
  };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signJwt(key: SigningKey, payload: Record<string, unknown>): string {
  const input = `${b64({ alg: 'EdDSA', typ: 'JWT', kid: key.publicJwk.kid })}.${b64(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), key.privateKey).toString('base64url')}`;
}

/** The payload of a compact JWS if its EdDSA signature verifies with the public JWK; else null. */
export function verifyJwt(jwt: string, publicJwk: JsonWebKey): Record<string, unknown> | null {
  const [header, payload, signature] = jwt.split('.');
  if (!header || !payload || !signature) return null;
  const key = createPublicKey({ key: publicJwk, format: 'jwk' });
  if (!verify(null, Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))) return null;
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
}
