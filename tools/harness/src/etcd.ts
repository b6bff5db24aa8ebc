// Runs a single-member etcd on loopback as the control plane's store.
import { join } from 'node:path';
import { freePorts } from './free-port.js';
import { startProcess, waitUntilReady, type ManagedProcess } from './managed-process.js';
import { toolPath } from './tool-paths.js';

export interface Etcd {
  readonly url: string;
  readonly process: ManagedProcess;
}

export async function startEtcd(dir: string, { durable = false } = {}): Promise<Etcd> {
  const [clientPort, peerPort] = await freePorts(2);
  const url = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const proc = startProcess({
    component: 'etcd',
    command: toolPath('etcd'),
    logFile: join(dir, 'etcd.log'),
    args: [
      '--name', 'harness',
      '--data-dir', join(dir, 'etcd-data'),
      '--listen-client-urls', url,
      '--advertise-client-urls', url,
      // A peer URL of its own, or two harnesses on one machine collide on the default 2380.
      '--listen-peer-urls', peerUrl,
      '--initial-advertise-peer-urls', peerUrl,
      '--initial-cluster', `harness=${peerUrl}`,
      '--log-level', 'warn',
      ...(durable ? [] : ['--unsafe-no-fsync']),
    ],
  });
  await waitUntilReady(proc, async () => (await fetch(`${url}/health`)).ok, { timeoutMs: 20_000 });
  return { url, process: proc };
}
