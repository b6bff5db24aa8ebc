// The CRD types in the runtime package match the CRD YAMLs, and tenant storage names are safe for PostgreSQL.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'chai';
import {
  InvalidTenantNameError, StorageNameTooLongError, storageNames,
} from '../src/resources/tenantry-resources.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

interface CrdTypeGenerator {
  generateCrdTypes: (root?: string) => Promise<string>;
  generatedFile: string;
}

/** The generator lives in tools/, outside this package's compilation, so it is loaded at run time. */
async function loadGenerator(): Promise<CrdTypeGenerator> {
  const url = pathToFileURL(resolve(repositoryRoot, 'tools/generate-crd-types.ts')).href;
  return (await import(url)) as CrdTypeGenerator;
}

describe('CRD types', function () {
  this.timeout(30_000);

  it('are what the generator makes of the CRD YAMLs today (run `npm run generate:crd-types` when this fails)', async () => {
    const { generateCrdTypes, generatedFile } = await loadGenerator();
    const committed = await readFile(resolve(repositoryRoot, generatedFile), 'utf8');
    expect(committed).to.equal(await generateCrdTypes());
  });

  it('are generated the same way twice', async () => {
    const { generateCrdTypes } = await loadGenerator();
    expect(await generateCrdTypes()).to.equal(await generateCrdTypes());
  });
});

describe('storageNames', () => {
  it('names the database, schema and role tenant_<name> with dashes as underscores', () => {
    expect(storageNames('acme-eu-1')).to.deep.equal({
      database: 'tenant_acme_eu_1',
      schema: 'tenant_acme_eu_1',
      role: 'tenant_acme_eu_1',
      secretName: 'tenant-acme-eu-1-db',
    });
  });

  it('keeps two tenants that differ only by dashes apart', () => {
    expect(storageNames('a-bc').schema).to.not.equal(storageNames('ab-c').schema);
  });

  it('accepts the longest name the CRD allows', () => {
    const name = `a${'b'.repeat(39)}`;
    expect(storageNames(name).role).to.equal(`tenant_${name}`);
  });

  it('refuses a name whose identifier PostgreSQL would truncate at 63 bytes', () => {
    const name = `a${'b'.repeat(56)}`;
    expect(() => storageNames(name)).to.throw(StorageNameTooLongError).with.property('code', 'STORAGE_NAME_TOO_LONG');
  });

  it('accepts a name whose identifier is exactly 63 bytes', () => {
    const name = `a${'b'.repeat(55)}`;
    expect(storageNames(name).database).to.have.lengthOf(63);
  });

  for (const name of ['', 'Acme', '1acme', 'acme-', 'ac_me', 'acme.example']) {
    it(`refuses ${JSON.stringify(name)}, which is not a tenant name`, () => {
      expect(() => storageNames(name)).to.throw(InvalidTenantNameError).with.property('code', 'INVALID_TENANT_NAME');
    });
  }
});
