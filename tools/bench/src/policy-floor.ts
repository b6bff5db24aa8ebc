// The policy and token floors: the platform's own resolve statement on one pg pool, and the signature work a token
// exchange cannot avoid (verify the external token, sign the internal one), behind bare Express routes.
import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { SignJWT, createRemoteJWKSet, generateKeyPair, jwtVerify } from 'jose';
import type pg from 'pg';
import { createPolicyRepository } from '@tenantry/platform';

export interface PolicyFloorOptions {
  readonly pool: pg.Pool;
  /** The identity provider whose access tokens the token floor verifies. */
  readonly issuer: string;
}

export async function policyFloorRouter({ pool, issuer }: PolicyFloorOptions): Promise<Router> {
  const policy = createPolicyRepository(pool);
  const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json() as { jwks_uri: string };
  const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
  const { privateKey } = await generateKeyPair('ES256');
  const router = Router();

  router.get('/policy/resolve', async (req, res) => {
    const { user = '', tenant = '' } = req.query as { user?: string; tenant?: string };
    res.json({ grants: await policy.grantsOf(user, tenant) });
  });

  // ?resolve=1 adds the resolve statement: the floor of an exchange whose policy lookup missed the cache.
  router.post('/token', async (req, res) => {
    const form = new URLSearchParams(await readText(req));
    const { payload } = await jwtVerify(form.get('subject_token') ?? '', jwks, { issuer });
    const tenant = form.get('tenant') ?? '';
    const grants = req.query['resolve'] === '1' ? await policy.grantsOf(payload.sub ?? '', tenant) : [];
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ tenant, roles: grants.map((grant) => grant.role) })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' }).setSubject(payload.sub ?? '').setJti(randomBytes(16).toString('base64url'))
      .setIssuedAt(now).setExpirationTime(now + 300).sign(privateKey);
    res.json({ access_token: token });
  });
  return router;
}

async function readText(req: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
