// A kubeconfig that authenticates as a ServiceAccount with a token from the TokenRequest API
// (`kubectl create token`), so a process runs with that account's RBAC instead of the admin's.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Environment } from './environment.js';

export interface ServiceAccountKubeconfigOptions {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Token lifetime; the API server's minimum is 10m. */
  readonly duration?: string;
  /** Where to write it; default `<env.dir>/kubeconfig-<namespace>-<serviceAccount>`. */
  readonly file?: string;
}

export interface ServiceAccountKubeconfig {
  readonly file: string;
  /** `system:serviceaccount:<namespace>:<name>`, for `kubectl auth can-i --as`. */
  readonly user: string;
  readonly token: string;
}

export async function serviceAccountKubeconfig(env: Environment, options: ServiceAccountKubeconfigOptions): Promise<ServiceAccountKubeconfig> {
  const { namespace, serviceAccount, duration = '1h' } = options;
  const created = await env.kubectl(['create', 'token', serviceAccount, '--namespace', namespace, '--duration', duration]);
  if (created.code !== 0) throw new Error(`kubectl create token ${namespace}/${serviceAccount} failed: ${created.stderr.trim()}`);
  const token = created.stdout.trim();
  const cluster = env.kubeConfig().getCurrentCluster();
  if (!cluster) throw new Error('the environment\'s kubeconfig names no cluster');
  const name = `${namespace}-${serviceAccount}`;
  const file = options.file ?? join(env.dir, `kubeconfig-${name}`);
  await writeFile(file, JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'cluster', cluster: { server: cluster.server, 'certificate-authority-data': cluster.caData } }],
    users: [{ name, user: { token } }],
    contexts: [{ name, context: { cluster: 'cluster', user: name, namespace } }],
    'current-context': name,
  }, null, 2), { mode: 0o600 });
  return { file, user: `system:serviceaccount:${namespace}:${serviceAccount}`, token };
}
