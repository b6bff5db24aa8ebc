// The migration catalog reads the folder and each file once, and hears of changes: on a real folder.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createMigrationCatalog } from '../src/postgres/migration-catalog.js';

const migration = (up: string) => `-- Up Migration\n${up}\n-- Down Migration\nDROP TABLE x;\n`;

describe('migration catalog', () => {
  let dir: string;
  let clock: number;
  const now = () => clock;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'migration-catalog-'));
    clock = 0;
    await writeFile(join(dir, '0001_entries.sql'), migration('CREATE TABLE entries (id int);'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('trusts its reading of the folder for recheckMs, then sees what was added', async () => {
    const catalog = createMigrationCatalog(dir, { recheckMs: 1_000, now });
    expect((await catalog.current()).names).to.deep.equal(['0001_entries']);

    await writeFile(join(dir, '0002_tags.sql'), migration('ALTER TABLE entries ADD tag text;'));
    clock = 999;
    expect((await catalog.current()).latest, 'within recheckMs').to.equal('0001_entries');
    clock = 1_000;
    expect((await catalog.current()).latest).to.equal('0002_tags');
  });

  it('reads each migration\'s Up section once per set, and again after forget()', async () => {
    const { sources } = await createMigrationCatalog(dir, { now }).current();
    expect(await sources?.sql('0001_entries')).to.equal('-- Up Migration\nCREATE TABLE entries (id int);\n');
    expect(await sources?.sql('0009_script'), 'not a .sql file').to.equal(undefined);

    await writeFile(join(dir, '0001_entries.sql'), migration('CREATE TABLE entries (id bigint);'));
    expect(await sources?.sql('0001_entries'), 'read once').to.include('(id int)');
    sources?.forget();
    expect(await sources?.sql('0001_entries')).to.include('(id bigint)');
  });

  it('sees a change it was told of at once, before the listener runs, files changed in place included', async () => {
    const catalog = createMigrationCatalog(dir, { recheckMs: 60_000, now });
    const before = await catalog.current();
    await before.sources?.sql('0001_entries');
    let seen: Promise<{ latest: string | undefined; sql: string | undefined }> | undefined;
    const heard = new Promise<void>((resolve) => {
      const stop = catalog.onChange(() => {
        stop();
        seen = catalog.current().then(async (set) => ({ latest: set.latest, sql: await set.sources?.sql('0001_entries') }));
        resolve();
      });
    });

    await writeFile(join(dir, '0001_entries.sql'), migration('CREATE TABLE entries (id uuid);'));
    await heard;

    expect((await seen)?.sql).to.include('(id uuid)');
  });
});
