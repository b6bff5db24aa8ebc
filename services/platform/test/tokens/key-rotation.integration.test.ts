// Signing key rotation through the keys file of a running platform: a new key signs without a restart, the old
// one stays published while its tokens live, a key published ahead signs from its activateAt on.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { decodeProtectedHeader } from 'jose';
import {
  call, createTenant, createTestDatabase, deleteTenant, demoUser, eventually, exchangeClientsSetting, exchangedToken,
  exchangeForm, installCrds, InternalTokenVerifier, newExchangeClient, newServiceToken, privateJwk, publicJwkMembers,
  publishedKeys, sharedEnvironment, signIn, startPlatform, trustedIssuer, uniqueTenantName, useIdentityProcess, writeKeySet,
  type Environment, type NodeService, type PrivateJwk, type TestDatabase,
} from '@tenantry/harness';

const alice = demoUser('alice@acme.example');
const ttlMs = 4_000;

describe('signing key rotation (integration, keys file of a running platform)', function () {
  this.timeout(60_000);
  const identity = useIdentityProcess();
  let env: Environment;
  let database: TestDatabase;
  let platform: NodeService;
  let dir: string;
  let keysFile: string;
  const gateway = newExchangeClient();
  const acme = uniqueTenantName('acme');
  const keyA = privateJwk('ES256');
  let fileKeys: PrivateJwk[] = [];

  /** Rewrites the keys file, as an operator rotating keys would. */
  const setKeys = async (keys: PrivateJwk[]) => {
    await writeKeySet(keysFile, keys);
    fileKeys = keys;
  };

  const issueToken = async () => exchangedToken(platform.url, gateway, exchangeForm((await signIn(identity().url, alice.email)).accessToken, acme));
  const kidOf = (token: string) => decodeProtectedHeader(token).kid;
  const publishedKids = async () => (await publishedKeys(platform.url)).map((key) => key.kid);

  before(async () => {
    env = await sharedEnvironment();
    await installCrds(env);
    await createTenant(env, acme);
    dir = await mkdtemp(join(tmpdir(), 'tenantry-platform-keys-'));
    keysFile = join(dir, 'jwks.json');
    await setKeys([keyA]);
    database = await createTestDatabase(env);
    platform = await startPlatform(env, {
      issuer: trustedIssuer(identity().url), databaseUrl: database.url, serviceToken: newServiceToken(),
      env: {
        PLATFORM_EXCHANGE_CLIENTS: exchangeClientsSetting(gateway),
        PLATFORM_SIGNING_KEYS_FILE: keysFile,
        PLATFORM_SIGNING_KEYS_REFRESH: '100ms',
        PLATFORM_TOKEN_TTL: `${ttlMs / 1000}s`,
      },
    });
    const admin = await signIn(identity().url, 'admin@tenantry.dev');
    const added = await call(platform.url, 'POST', `/v1/policy/tenants/${acme}/memberships`, { token: admin.accessToken, body: { user: alice.sub, role: 'viewer' } });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
  });

  after(async () => {
    await platform?.stop();
    await database?.drop();
    await deleteTenant(env, acme).catch(() => undefined);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('signs with a key added to the file, and publishes the retired key until its last token has expired', async () => {
    // Given a token signed by key A
    const verifier = new InternalTokenVerifier(platform.url);
    const tokenA = await issueToken();
    expect(kidOf(tokenA)).to.equal(keyA.kid);

    // When key B is added and A retires now
    const retireAt = new Date();
    const keyB = privateJwk('RS256');
    await setKeys([{ ...keyA, retireAt: retireAt.toISOString() }, keyB]);

    // Then the next tokens are signed by B, and A's token still verifies against the JWKS, which holds both
    await eventually('a token is signed by key B', async () => kidOf(await issueToken()) === keyB.kid, { timeoutMs: 5_000 });
    const tokenB = await issueToken();
    await verifier.verify(tokenB);
    expect(await publishedKids()).to.deep.equal([keyA.kid, keyB.kid]);
    const { payload } = await verifier.verify(tokenA);
    expect(payload.exp! * 1000).to.be.at.most(retireAt.getTime() + ttlMs);

    // And A leaves the JWKS once a whole token lifetime has passed since its retirement, not before
    const goneAt = retireAt.getTime() + ttlMs;
    const removedAt = await eventually('key A is no longer published', async () => !(await publishedKids()).includes(keyA.kid) && Date.now(),
      { timeoutMs: goneAt - Date.now() + 2_000, intervalMs: 100 });
    expect(removedAt).to.be.at.least(goneAt);
    expect(payload.exp! * 1000).to.be.at.most(removedAt);
    expect(await publishedKids()).to.deep.equal([keyB.kid]);
  });

  it('publishes a key ahead of its activateAt and signs with it from then on', async () => {
    // Given a key C that activates 1.5 s from now
    const activateAt = new Date(Date.now() + 1_500);
    const keyC = privateJwk('ES256', { activateAt });

    // When it is added to the file
    await setKeys([...fileKeys, keyC]);

    // Then it is published at once, while the previous key still signs
    await eventually('key C is published', async () => (await publishedKids()).includes(keyC.kid), { timeoutMs: 5_000 });
    const early = await issueToken();
    if (Date.now() < activateAt.getTime()) expect(kidOf(early)).to.not.equal(keyC.kid);

    // And from its activateAt on, C signs
    const signedByC = await eventually('a token is signed by key C', async () => {
      const token = await issueToken();
      return kidOf(token) === keyC.kid && token;
    }, { timeoutMs: activateAt.getTime() - Date.now() + 3_000, intervalMs: 100 });
    await new InternalTokenVerifier(platform.url).verify(signedByC);
  });

  it('never serves private key members, whatever the key type', async () => {
    // Given EC and RSA keys in the file
    const added = [privateJwk('RS256'), privateJwk('ES256')];
    await setKeys([...fileKeys, ...added]);
    await eventually('the added keys are published', async () => (await publishedKids()).includes(added[1]!.kid), { timeoutMs: 5_000 });

    // When the JWKS is fetched
    const keys = await publishedKeys(platform.url);

    // Then it holds both key types, with public members only
    expect(keys.map((key) => key['kty'])).to.include.members(['EC', 'RSA']);
    for (const key of keys) {
      expect(Object.keys(key).filter((member) => !publicJwkMembers.includes(member)), key.kid).to.deep.equal([]);
    }
  });
});
