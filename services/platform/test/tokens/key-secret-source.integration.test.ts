// Signing keys from a Kubernetes Secret on the real API server: read at start, re-read after a change.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { CoreV1Api } from '@kubernetes/client-node';
import { eventually, privateJwk, quietLogger, sharedEnvironment, type Environment, type PrivateJwk } from '@tenantry/harness';
import { openKeySecret, signingKeysSecretKey } from '../../src/tokens/key-secret-source.js';
import { createKeyStore, type KeySource } from '../../src/tokens/key-store.js';
import { SigningKeysError } from '../../src/tokens/signing-keys.js';

const namespace = 'default';

describe('signing keys Secret (integration, real API server)', function () {
  this.timeout(60_000);
  let env: Environment;
  let core: CoreV1Api;
  let source: KeySource | undefined;
  const name = `platform-keys-${randomBytes(3).toString('hex')}`;

  const secretData = (keys: readonly PrivateJwk[]) => ({ [signingKeysSecretKey]: Buffer.from(JSON.stringify({ keys })).toString('base64') });

  before(async () => {
    env = await sharedEnvironment();
    core = env.kubeConfig().makeApiClient(CoreV1Api);
  });

  afterEach(() => source?.close());

  after(async () => {
    await core?.deleteNamespacedSecret({ namespace, name }).catch(() => undefined);
  });

  it('signs with a key added to the Secret, without a restart', async () => {
    // Given a Secret holding key A
    const a = privateJwk('ES256');
    await core.createNamespacedSecret({ namespace, body: { metadata: { name }, data: secretData([a]) } });
    source = await openKeySecret({ kubeConfig: env.kubeConfig(), namespace, name, refreshMs: 100, logger: quietLogger() });
    const store = createKeyStore({ source, maxTokenLifetimeMs: 60_000, logger: quietLogger() });
    expect((await store.signer()).kid).to.equal(a.kid);

    // When key B is added to it
    const b = privateJwk('ES256');
    await core.replaceNamespacedSecret({ namespace, name, body: { metadata: { name }, data: secretData([a, b]) } });

    // Then B signs, and A stays published
    await eventually('key B signs', async () => (await store.signer()).kid === b.kid, { timeoutMs: 5_000 });
    expect((await store.publicKeys()).map((key) => key.kid)).to.deep.equal([a.kid, b.kid]);
  });

  it('refuses to start without the Secret', async () => {
    const error = await openKeySecret({ kubeConfig: env.kubeConfig(), namespace, name: `${name}-missing`, refreshMs: 100, logger: quietLogger() })
      .then(() => undefined, (failure: unknown) => failure);

    expect(error).to.be.instanceOf(SigningKeysError);
    expect((error as Error).message).to.equal(`cannot read the signing keys Secret ${namespace}/${name}-missing (HTTP 404)`);
  });
});
