// The tenants API's zod schema and the Tenant CRD agree on every rule they share: one contract, checked.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { repositoryRoot } from '@tenantry/harness';
import { createTenantBody, deletionPolicies, tenantPhases, tenantPlans, tenantTiers } from '../../src/tenants/tenant-schemas.js';

interface CrdProperty { enum?: string[]; maxItems?: number; maxLength?: number; minLength?: number; items?: CrdProperty }

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
});
