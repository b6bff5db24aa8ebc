// A real OIDC issuer over HTTP for tests: discovery document, JWKS with a generated key, and token minting.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';

export interface TokenOptions {
  readonly sub: string;
  readonly groups?: readonly string[];
  readonly email?: string;
  readonly emailVerified?: boolean;
  readonly clientId?: string;
  readonly tokenUse?: 'access' | 'id';
  /** Seconds from now; negative for a token that has expired. */
  readonly expiresIn?: number;
  readonly audience?: string;
  readonly issuer?: string;
}

export interface TestIssuer {
  /** http://127.0.0.1:<port>: what tokens carry in `iss`. */
  readonly issuer: string;
  /** The client id the platform under test accepts. */
  readonly clientId: string;
  /** A Cognito-shaped access token signed by the published key. */
  token(options: TokenOptions): Promise<string>;
  /** The same, signed by a key the JWKS does not publish. */
  tokenFromUnknownKey(options: TokenOptions): Promise<string>;
  stop(): Promise<void>;
}

const alg = 'RS256';

export async function startTestIssuer(): Promise<TestIssuer> {
  const published = await generateKeyPair(alg);
  const stranger = await generateKeyPair(alg);
  const kid = randomBytes(8).toString('hex');
  const jwks = { keys: [{ ...(await exportJWK(published.publicKey)), kid, alg, use: 'sig' }] };
  const clientId = `client-${randomBytes(4).toString('hex')}`;

  let issuer = '';
  const server = http.createServer((req, res) => {
    const body = req.url === '/.well-known/openid-configuration'
      ? { issuer, jwks_uri: `${issuer}/jwks`, token_endpoint: `${issuer}/token`, id_token_signing_alg_values_supported: [alg] }
      : req.url === '/jwks' ? jwks : undefined;
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { error: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sign = async (key: CryptoKey, keyId: string, options: TokenOptions): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      client_id: options.clientId ?? clientId,
      token_use: options.tokenUse ?? 'access',
      scope: 'openid email',
      username: options.sub,
      ...(options.groups === undefined ? {} : { 'cognito:groups': options.groups }),
      ...(options.email === undefined ? {} : { email: options.email, email_verified: options.emailVerified ?? true }),
    };
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg, kid: keyId, typ: 'JWT' })
      .setIssuer(options.issuer ?? issuer)
      .setSubject(options.sub)
      .setIssuedAt(now)
      .setExpirationTime(now + (options.expiresIn ?? 300));
    if (options.audience !== undefined) jwt.setAudience(options.audience);
    return jwt.sign(key);
  };

  return {
    issuer,
    clientId,
    token: (options) => sign(published.privateKey, kid, options),
    tokenFromUnknownKey: (options) => sign(stranger.privateKey, randomBytes(8).toString('hex'), options),
    stop: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}
