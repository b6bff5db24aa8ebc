// kind and EKS deployment files: they parse and say what the docs promise, the kind PostgreSQL pod is admitted
// by the real API server's PodSecurity `restricted`, the scripts are valid bash, and `make images` without a
// Docker engine stops with a message that says so.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { parse, parseAllDocuments } from 'yaml';
import { repositoryRoot, sharedEnvironment } from '@tenantry/harness';

const run = promisify(execFile);
const deploy = join(repositoryRoot, 'deploy');
const read = (file: string) => readFileSync(join(deploy, file), 'utf8');
type Doc = Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string }; spec: Record<string, unknown> };
const documents = (file: string) => parseAllDocuments(read(file)).map((document) => document.toJS() as Doc);

describe('kind and EKS deployment files', function () {
  this.timeout(60_000);

  it('maps the kind ingress node to the host\'s port 80, with workers for the replicas', () => {
    const config = parse(read('kind/kind-config.yaml')) as { kind: string; name: string; nodes: Array<{ role: string; labels?: Record<string, string>; extraPortMappings?: Array<{ hostPort: number }> }> };
    expect(config).to.include({ kind: 'Cluster', name: 'tenantry' });
    const [controlPlane, ...workers] = config.nodes;
    expect(controlPlane!.labels).to.include({ 'ingress-ready': 'true' });
    expect(controlPlane!.extraPortMappings?.map((mapping) => mapping.hostPort)).to.deep.equal([80]);
    expect(workers.map((node) => node.role)).to.deep.equal(['worker', 'worker']);
  });

  it('runs kind\'s PostgreSQL as a pod PodSecurity restricted admits (server-side dry run in a restricted namespace)', async () => {
    const env = await sharedEnvironment();
    const namespace = 'tenantry-kind-check';
    await env.kubectl(['create', 'namespace', namespace]);
    await env.kubectl(['label', 'namespace', namespace, '--overwrite', 'pod-security.kubernetes.io/enforce=restricted']);
    try {
      const statefulSet = documents('kind/postgres.yaml').find((document) => document.kind === 'StatefulSet')!;
      const template = statefulSet.spec['template'] as { metadata: Record<string, unknown>; spec: Record<string, unknown> & { volumes?: unknown[] } };
      // As the StatefulSet controller writes it: each volumeClaimTemplate becomes the pod's claim `<name>-postgres-0`.
      const claims = (statefulSet.spec['volumeClaimTemplates'] as Array<{ metadata: { name: string } }>)
        .map(({ metadata }) => ({ name: metadata.name, persistentVolumeClaim: { claimName: `${metadata.name}-postgres-0` } }));
      const spec = { ...template.spec, volumes: [...(template.spec.volumes ?? []), ...claims] };
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { ...template.metadata, name: 'postgres-0', namespace }, spec };
      const admitted = await env.kubectl(['create', '--dry-run=server', '-f', '-', '-o', 'name'], JSON.stringify(pod));
      expect(admitted.stderr).to.equal('');
      expect(admitted.stdout.trim()).to.equal('pod/postgres-0');
      const rooted = { ...pod, spec: { ...pod.spec, securityContext: {} } };
      const refused = await env.kubectl(['create', '--dry-run=server', '-f', '-'], JSON.stringify(rooted));
      expect(refused.stderr, 'the namespace really enforces restricted').to.match(/violates PodSecurity/);
    } finally {
      await env.kubectl(['delete', 'namespace', namespace, '--wait=false']);
    }
  });

  it('declares an EKS cluster with a managed node group, OIDC for IRSA and NetworkPolicy enforcement', () => {
    const cluster = parse(read('eks/cluster.yaml')) as Doc & {
      iam: { withOIDC: boolean; serviceAccounts: Array<{ metadata: { name: string }; wellKnownPolicies?: Record<string, boolean>; attachPolicyARNs?: string[] }> };
      managedNodeGroups: Array<{ minSize: number; privateNetworking: boolean }>;
      addons: Array<{ name: string; configurationValues?: string }>;
    };
    expect(cluster.kind).to.equal('ClusterConfig');
    expect(cluster.iam.withOIDC).to.equal(true);
    const accounts = new Map(cluster.iam.serviceAccounts.map((account) => [account.metadata.name, account]));
    expect(accounts.get('aws-load-balancer-controller')?.wellKnownPolicies).to.deep.equal({ awsLoadBalancerController: true });
    expect(accounts.get('external-secrets')?.attachPolicyARNs?.[0]).to.match(/:policy\/tenantry-external-secrets$/);
    expect(cluster.managedNodeGroups[0]).to.include({ privateNetworking: true });
    expect(cluster.managedNodeGroups[0]!.minSize).to.be.greaterThan(1);
    expect(JSON.parse(cluster.addons.find((addon) => addon.name === 'vpc-cni')!.configurationValues!)).to.deep.equal({ enableNetworkPolicy: 'true' });
  });

  it('syncs the Secrets values-eks.yaml names from AWS Secrets Manager', () => {
    const values = parse(readFileSync(join(repositoryRoot, 'charts', 'tenantry', 'values-eks.yaml'), 'utf8')) as {
      databaseServers: Array<{ credentials: { existingSecret: string } }>; platform: { database: { existingSecret: string } };
    };
    const targets = documents('eks/external-secrets.yaml').filter((document) => document.kind === 'ExternalSecret')
      .map((document) => (document.spec['target'] as { name: string }).name).sort();
    expect(targets).to.deep.equal([values.databaseServers[0]!.credentials.existingSecret, values.platform.database.existingSecret].sort());
  });

  it('has kind-up, kind-down and eks-deploy scripts bash accepts', async () => {
    for (const script of ['kind/up.sh', 'kind/down.sh', 'eks/deploy.sh']) {
      await run('bash', ['-n', join(deploy, script)]);
    }
  });

  it('stops `make images` with a clear message where no Docker engine answers', async () => {
    // DOCKER names the client; /bin/false answers like a client whose engine is down, here and on a machine with one.
    const failure = await run('make', ['--no-print-directory', 'images', 'DOCKER=/bin/false'], { cwd: repositoryRoot })
      .then(() => undefined, (error: { stderr?: string }) => error.stderr);
    expect(failure).to.match(/images: no Docker engine answers here/);
  });
});
