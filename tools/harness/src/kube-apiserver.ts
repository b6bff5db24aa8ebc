// Runs kube-apiserver on loopback against an etcd, with a static admin token and RBAC.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ControlPlaneCertificates } from './certificates.js';
import { freePort } from './free-port.js';
import { httpsStatus } from './https-probe.js';
import { startProcess, waitUntilReady, type ManagedProcess } from './managed-process.js';
import { toolPath } from './tool-paths.js';

export interface KubeApiServer {
  readonly url: string;
  readonly adminToken: string;
  readonly process: ManagedProcess;
}

export interface KubeApiServerOptions {
  readonly dir: string;
  readonly etcdUrl: string;
  readonly certificates: ControlPlaneCertificates;
  readonly adminToken: string;
  /** The port to listen on (a restart keeps its predecessor's, so clients reconnect); default: a free one. */
  readonly port?: number;
}

export async function startKubeApiServer(options: KubeApiServerOptions): Promise<KubeApiServer> {
  const { dir, etcdUrl, certificates, adminToken } = options;
  const port = options.port ?? await freePort();
  const url = `https://127.0.0.1:${port}`;
  const tokenFile = join(dir, 'tokens.csv');
  await writeFile(tokenFile, `${adminToken},admin,admin,"system:masters"\n`, { mode: 0o600 });
  const proc = startProcess({
    component: 'kube-apiserver',
    command: toolPath('kube-apiserver'),
    logFile: join(dir, 'kube-apiserver.log'),
    args: [
      '--etcd-servers', etcdUrl,
      '--bind-address', '127.0.0.1',
      '--advertise-address', '127.0.0.1',
      '--secure-port', String(port),
      '--tls-cert-file', certificates.servingCertFile,
      '--tls-private-key-file', certificates.servingKeyFile,
      '--token-auth-file', tokenFile,
      '--authorization-mode', 'RBAC',
      '--service-account-issuer', url,
      '--service-account-key-file', certificates.serviceAccountKeyFile,
      '--service-account-signing-key-file', certificates.serviceAccountKeyFile,
      '--service-cluster-ip-range', '10.0.0.0/24',
      // No kubelet runs, so nothing could ever mint the tokens this plugin waits for on pods.
      '--disable-admission-plugins', 'ServiceAccount',
      '--profiling=false',
      '--v', '1',
    ],
  });
  await waitUntilReady(
    proc,
    async () => (await httpsStatus(`${url}/readyz`, { ca: certificates.servingCertPem, token: adminToken })) === 200,
    { timeoutMs: 60_000 },
  );
  return { url, adminToken, process: proc };
}
