// examples/gitops: every manifest parses, points at what exists in this repository, the tenants pass the real
// API server's validation of the Tenant CRD, Flux waits on exactly those tenants, and argocd-cm carries the
// chart's Lua health checks unchanged.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse, parseAllDocuments } from 'yaml';
import { chartDirectory, installCrds, repositoryRoot, sharedEnvironment } from '@tenantry/harness';
import { argocdConfigFile, argocdHealthConfig, healthKinds, healthScriptOf } from '../../tools/argocd-health-config.js';

const examples = join(repositoryRoot, 'examples', 'gitops');
const tenantsFolder = join(examples, 'tenants');

interface Document { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec: Record<string, unknown>; data?: Record<string, string> }

function documents(file: string): Document[] {
  return parseAllDocuments(readFileSync(join(examples, file), 'utf8')).map((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]!.message}`);
    return document.toJS() as Document;
  });
}

const tenantFolders = () => readdirSync(tenantsFolder, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
const repositoryPath = (path: string) => join(repositoryRoot, path.replace(/^\.\//, ''));
const exists = (path: string) => {
  try {
    readdirSync(repositoryPath(path));
    return true;
  } catch {
    try {
      readFileSync(repositoryPath(path));
      return true;
    } catch {
      return false;
    }
  }
};

describe('GitOps examples (examples/gitops)', function () {
  this.timeout(60_000);

  it('declares each tenant as a plain Tenant manifest in its own folder, all listed for Flux', () => {
    const folders = tenantFolders();
    expect(folders.length).to.be.greaterThan(1);
    for (const folder of folders) {
      const [tenant, ...rest] = documents(`tenants/${folder}/tenant.yaml`);
      expect(rest, folder).to.deep.equal([]);
      expect(tenant).to.deep.include({ apiVersion: 'tenantry.dev/v1alpha1', kind: 'Tenant' });
      expect(tenant!.metadata.name, 'the folder is named after its tenant').to.equal(folder);
    }
    const kustomization = parse(readFileSync(join(tenantsFolder, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    expect(kustomization.resources.sort()).to.deep.equal(folders.map((folder) => `${folder}/tenant.yaml`));
  });

  it('has tenants the real API server accepts (server-side dry run against the Tenant CRD and its CEL rules)', async () => {
    const env = await sharedEnvironment();
    await installCrds(env);
    const applied = await env.kubectl(['apply', '--dry-run=server', '-k', tenantsFolder, '-o', 'name']);
    expect(applied.stderr).to.equal('');
    expect(applied.stdout.trim().split('\n').sort()).to.deep.equal(tenantFolders().map((folder) => `tenant.tenantry.dev/${folder}`));
  });

  it('installs the chart from this repository with Argo CD, and one Application per tenant folder', () => {
    const [application] = documents('argocd/application.yaml');
    const source = application!.spec['source'] as { path: string; helm: { valueFiles: string[] } };
    expect(repositoryPath(source.path)).to.equal(chartDirectory);
    for (const file of source.helm.valueFiles) expect(exists(join(source.path, file)), file).to.equal(true);
    const [applicationSet] = documents('argocd/applicationset-tenants.yaml');
    const [generator] = applicationSet!.spec['generators'] as Array<{ git: { directories: Array<{ path: string }> } }>;
    const pattern = generator!.git.directories[0]!.path;
    expect(pattern).to.equal('examples/gitops/tenants/*');
    const template = applicationSet!.spec['template'] as { spec: { source: { path: string } } };
    expect(template.spec.source.path).to.equal('{{ .path.path }}');
  });

  it('has Flux install the chart from this repository and wait on exactly the declared tenants', () => {
    const [release] = documents('flux/platform/helmrelease.yaml');
    const chart = (release!.spec['chart'] as { spec: { chart: string; valuesFiles: string[] } }).spec;
    expect(repositoryPath(chart.chart)).to.equal(chartDirectory);
    for (const file of chart.valuesFiles) expect(exists(file), file).to.equal(true);
    // Flux merges only the files listed: the chart's defaults must come first.
    expect(chart.valuesFiles[0]).to.equal('./charts/tenantry/values.yaml');
    const kustomizations = documents('flux/kustomizations.yaml');
    for (const kustomization of kustomizations) expect(exists(kustomization.spec['path'] as string), kustomization.metadata.name).to.equal(true);
    const tenants = kustomizations.find((kustomization) => kustomization.metadata.name === 'tenantry-tenants')!;
    expect(tenants.spec['dependsOn']).to.deep.equal([{ name: 'tenantry-platform' }]);
    const checks = tenants.spec['healthChecks'] as Array<{ apiVersion: string; kind: string; name: string }>;
    expect(checks.every((check) => check.apiVersion === 'tenantry.dev/v1alpha1' && check.kind === 'Tenant')).to.equal(true);
    expect(checks.map((check) => check.name).sort()).to.deep.equal(tenantFolders());
  });

  it('puts the chart\'s Lua health checks into argocd-cm unchanged (generated: npm run generate:argocd-health)', () => {
    expect(readFileSync(argocdConfigFile, 'utf8'), 'run npm run generate:argocd-health').to.equal(argocdHealthConfig());
    const [configMap] = documents('argocd/argocd-cm-health.yaml');
    for (const kind of healthKinds) {
      expect(configMap!.data![`resource.customizations.health.tenantry.dev_${kind}`], kind).to.equal(readFileSync(healthScriptOf(kind), 'utf8'));
    }
  });
});
