// Writes a kubeconfig for a local control plane: one cluster, one admin user with a static token.
import { writeFile } from 'node:fs/promises';

export interface KubeconfigOptions {
  readonly server: string;
  readonly caPem: string;
  readonly token: string;
  readonly name?: string;
}

export function kubeconfigDocument({ server, caPem, token, name = 'tenantry-local' }: KubeconfigOptions): object {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: `${name}-admin`, user: { token } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin` } }],
    'current-context': name,
  };
}

/** JSON is valid YAML, so kubectl, helm and client libraries all read this file. */
export async function writeKubeconfig(file: string, options: KubeconfigOptions): Promise<void> {
  await writeFile(file, JSON.stringify(kubeconfigDocument(options), null, 2), { mode: 0o600 });
}
