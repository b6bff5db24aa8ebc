// The web forms check the very rules the data layer enforces: the entry limits of the entries table's CHECK
// constraints, and the Tenant CRD's name rule and field limits. A change there without one here fails.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { repositoryRoot } from '@tenantry/harness';
import { entryRules } from '../src/app/entries/entry-rules.js';
import { tenantRules } from '../src/app/tenants/tenant-rules.js';

describe('web: form rules match the data layer\'s', () => {
  it('entry limits are the entries table\'s CHECK constraints', async () => {
    const sql = await readFile(join(repositoryRoot, 'migrations', 'tenant', '1764000000000_create-entries.sql'), 'utf8');

    expect(sql).to.include(`CHECK (char_length(title) BETWEEN ${entryRules.titleMin} AND ${entryRules.titleMax})`);
    expect(sql).to.include(`CHECK (char_length(body) <= ${entryRules.bodyMax})`);
    expect(sql).to.include(`CHECK (cardinality(tags) <= ${entryRules.tagsMax})`);
  });

  it('tenant rules are the Tenant CRD\'s', async () => {
    type Schema = { properties?: Record<string, Schema>; items?: Schema; maxLength?: number; maxItems?: number; 'x-kubernetes-validations'?: { rule: string }[] };
    const crd = parse(await readFile(join(repositoryRoot, 'crds', 'tenantry.dev_tenants.yaml'), 'utf8')) as { spec: { versions: { schema: { openAPIV3Schema: Schema } }[] } };
    const root = crd.spec.versions[0]!.schema.openAPIV3Schema;
    const spec = root.properties!['spec']!;

    const nameRule = root['x-kubernetes-validations']!.map((validation) => validation.rule).find((rule) => rule.includes('metadata.name'));
    expect(nameRule).to.equal(`self.metadata.name.size() <= ${tenantRules.nameMaxLength} && self.metadata.name.matches('${tenantRules.namePattern}')`);
    expect(spec.properties!['displayName']!.maxLength).to.equal(tenantRules.displayNameMaxLength);
    expect(spec.properties!['admins']!.maxItems).to.equal(tenantRules.adminsMaxItems);
    expect(spec.properties!['admins']!.items!.maxLength).to.equal(tenantRules.emailMaxLength);
  });
});
