// The tenants API's zod schema and the Tenant CRD agree on every rule they share: one contract, checked.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { repositoryRoot } from '@tenantry/harness';
import { createTenantBody, deletionPolicies, displayNamePattern, tenantPhases, tenantPlans, tenantTiers } from '../../src/tenants/tenant-schemas.js';

interface CrdProperty { enum?: string[]; maxItems?: number; maxLength?: number; minLength?: number; pattern?: string; items?: CrdProperty }

describe('tenant schemas', () => {
  let spec: Record<string, CrdProperty>;
  let status: Record<string, CrdProperty>;
  let nameRule: string;

  before(async () => {
    const crd = parse(await readFile(join(repositoryRoot, 'crds', 'tenantry.dev_tenants.yaml'), 'utf8')) as {
      spec: { versions: { schema: { openAPIV3Schema: {
        'x-kubernetes-validations': { rule: string }[];
        properties: { spec: { properties: Record<string, CrdProperty> }; status: { properties: Record<string, CrdProperty> } };
      } } }[] };
    };
    const schema = crd.spec.versions[0]!.schema.openAPIV3Schema;
    spec = schema.properties.spec.properties;
    status = schema.properties.status.properties;
    nameRule = schema['x-kubernetes-validations'][0]!.rule;
  });

  it('offers exactly the CRD\'s tiers, plans, deletion policies and phases', () => {
    expect([...tenantTiers]).to.deep.equal(spec['tier']?.enum);
    expect([...tenantPlans]).to.deep.equal(spec['plan']?.enum);
    expect([...deletionPolicies]).to.deep.equal(spec['deletionPolicy']?.enum);
    expect([...tenantPhases]).to.deep.equal(status['phase']?.enum);
  });

  it('applies the CRD\'s name rule and limits', () => {
    expect(nameRule).to.include('size() <= 40').and.include("'^[a-z]([-a-z0-9]*[a-z0-9])?$'");
    const accepts = (name: string) => createTenantBody.safeParse({ name, displayName: 'x' }).success;
    expect(['a', 'acme', 'a-1', 'a'.repeat(40)].every(accepts)).to.equal(true);
    expect(['A', '1a', 'a-', 'a_b', 'a'.repeat(41), ''].some(accepts)).to.equal(false);

    const tooMany = Array.from({ length: (spec['admins']?.maxItems ?? 0) + 1 }, (_, i) => `a${i}@example.com`);
    expect(createTenantBody.safeParse({ name: 'a', displayName: 'x', admins: tooMany }).success).to.equal(false);
    expect(createTenantBody.safeParse({ name: 'a', displayName: 'x'.repeat(spec['displayName']?.maxLength ?? 0) }).success).to.equal(true);
    expect(createTenantBody.safeParse({ name: 'a', displayName: 'x'.repeat((spec['displayName']?.maxLength ?? 0) + 1) }).success).to.equal(false);
  });

  it('applies the CRD\'s display name pattern, character for character', () => {
    // RE2's \x{HHHH} is JavaScript's \u{HHHH} in a unicode regular expression: the same pattern, in two dialects
    const crdPattern = new RegExp((spec['displayName']?.pattern ?? '').replace(/\\x\{([0-9A-Fa-f]+)\}/g, '\\u{$1}'), 'u');
    const samples = ['Acme', 'Zoë 東京 🚀', 'Bell\u0007', 'a\nb', 'rtl\u202Eevil', 'lrm\u200E', 'C1\u0085', 'Del\u007F', 'isolate\u2066x'];
    for (const sample of samples) {
      expect(displayNamePattern.test(sample), JSON.stringify(sample)).to.equal(crdPattern.test(sample));
    }
    expect(samples.filter((sample) => displayNamePattern.test(sample))).to.deep.equal(['Acme', 'Zoë 東京 🚀']);
  });
});
