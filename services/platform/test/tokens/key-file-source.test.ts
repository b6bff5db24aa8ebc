// The keys file: read at start, re-read when it changes on disk, a bad version never replacing good keys.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { eventually, privateJwk, quietLogger, writeKeySet } from '@tenantry/harness';
import { openKeyFile } from '../../src/tokens/key-file-source.js';
import { createKeyStore, type KeySource } from '../../src/tokens/key-store.js';
import { SigningKeysError } from '../../src/tokens/signing-keys.js';

describe('signing keys file', function () {
  let dir: string;
  let path: string;
  let source: KeySource | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tenantry-keys-'));
    path = join(dir, 'jwks.json');
  });

  afterEach(async () => {
    source?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('makes a key appended to the file the signer, without a restart', async () => {
    // Given a file with key A
    const a = privateJwk('ES256');
    await writeKeySet(path, [a]);
    source = await openKeyFile({ path, recheckMs: 20, logger: quietLogger() });
    const store = createKeyStore({ source, maxTokenLifetimeMs: 60_000, logger: quietLogger() });
    expect((await store.signer()).kid).to.equal(a.kid);

    // When key B is appended
    const b = privateJwk('RS256');
    await writeKeySet(path, [a, b]);

    // Then B signs, and both are published
    await eventually('key B signs', async () => (await store.signer()).kid === b.kid, { timeoutMs: 2_000 });
    expect((await store.publicKeys()).map((key) => key.kid)).to.deep.equal([a.kid, b.kid]);
  });

  it('keeps the previous keys while the file is invalid, and takes the next valid version', async () => {
    const a = privateJwk('ES256');
    await writeKeySet(path, [a]);
    source = await openKeyFile({ path, recheckMs: 0, logger: quietLogger() });

    await writeFile(path, '{"keys": [');
    expect((await source.keys()).map((key) => key.kid)).to.deep.equal([a.kid]);

    const b = privateJwk('ES256');
    await writeKeySet(path, [b]);
    expect((await source.keys()).map((key) => key.kid)).to.deep.equal([b.kid]);
  });

  it('refuses to start from a missing file or an invalid one', async () => {
    const missing = await openKeyFile({ path, recheckMs: 0, logger: quietLogger() }).then(() => undefined, (error: unknown) => error);
    expect(missing).to.be.instanceOf(SigningKeysError);
    expect((missing as Error).message).to.match(/ENOENT/);

    await writeFile(path, JSON.stringify({ keys: [{ ...privateJwk('ES256'), d: undefined }] }));
    const invalid = await openKeyFile({ path, recheckMs: 0, logger: quietLogger() }).then(() => undefined, (error: unknown) => error);
    expect((invalid as Error).message).to.match(/is not a private key/);
  });
});
