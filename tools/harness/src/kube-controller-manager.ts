// Runs the controllers a real cluster relies on without a kubelet: garbage collection, namespaces,
// service accounts, and Deployments → ReplicaSets → Pods. Without the garbage collector, owner references
// would be decoration in tests; without the workload controllers, a chart's Pods would never meet PodSecurity
// admission (they are created, then stay Pending: no scheduler or kubelet runs).
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { httpsStatus } from './https-probe.js';
import { startProcess, waitUntilReady, type ManagedProcess } from './managed-process.js';
import { toolPath } from './tool-paths.js';

export const enabledControllers = [
  'garbage-collector-controller',
  'namespace-controller',
  'serviceaccount-controller',
  'serviceaccount-token-controller',
  'deployment-controller',
  'replicaset-controller',
] as const;

export interface KubeControllerManagerOptions {
  readonly dir: string;
  readonly kubeconfigFile: string;
  readonly serviceAccountKeyFile: string;
}

export async function startKubeControllerManager(options: KubeControllerManagerOptions): Promise<ManagedProcess> {
  const { dir, kubeconfigFile, serviceAccountKeyFile } = options;
  const port = await freePort();
  const proc = startProcess({
    component: 'kube-controller-manager',
    command: toolPath('kube-controller-manager'),
    logFile: join(dir, 'kube-controller-manager.log'),
    args: [
      '--kubeconfig', kubeconfigFile,
      '--authentication-kubeconfig', kubeconfigFile,
      '--authorization-kubeconfig', kubeconfigFile,
      '--leader-elect=false',
      '--bind-address', '127.0.0.1',
      '--secure-port', String(port),
      '--controllers', enabledControllers.join(','),
      '--service-account-private-key-file', serviceAccountKeyFile,
      '--cert-dir', join(dir, 'kcm-certs'),
      '--v', '1',
    ],
  });
  await waitUntilReady(
    proc,
    async () => (await httpsStatus(`https://127.0.0.1:${port}/healthz`, { insecure: true })) === 200,
    { timeoutMs: 60_000 },
  );
  return proc;
}
