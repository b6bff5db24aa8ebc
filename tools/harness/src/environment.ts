// A complete local environment — etcd, kube-apiserver, kube-controller-manager and PostgreSQL —
// started on free loopback ports in one throwaway folder, and torn down as one.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { createCertificates } from './certificates.js';
import { startEtcd } from './etcd.js';
import { startKubeApiServer } from './kube-apiserver.js';
import { startKubeControllerManager } from './kube-controller-manager.js';
import { runKubectl, type CommandResult } from './kubectl.js';
import { writeKubeconfig } from './kubeconfig.js';
import type { ManagedProcess } from './managed-process.js';
import { startPostgres, type Postgres } from './postgres.js';

export interface EnvironmentOptions {
  /** Production-like durability (fsync on) for benchmarks; tests run without it. */
  readonly durable?: boolean;
  /** Called with one line per started component, for progress output. */
  readonly onProgress?: (line: string) => void;
  /** Keep the folder with logs and data after stop (always kept when start-up fails). */
  readonly keepDir?: boolean;
  /** Use this cluster instead of starting a control plane (PostgreSQL is still started locally). */
  readonly externalKubeconfig?: string;
}

export interface Environment {
  /** Folder holding every log, certificate, data directory and the kubeconfig. */
  readonly dir: string;
  readonly kubeconfigFile: string;
  readonly apiServerUrl: string;
  /** Whether this environment started the control plane (false with an external kubeconfig). */
  readonly ownsControlPlane: boolean;
  readonly postgres: Postgres;
  /** A fresh client configuration for the admin user. */
  kubeConfig(): KubeConfig;
  kubectl(args: readonly string[], input?: string): Promise<CommandResult>;
  /**
   * Stops kube-apiserver (SIGTERM, waiting for it to drain and exit) and starts it again on the same port, as a
   * control-plane upgrade or crash would: watches break and must resume. Only with a control plane of its own.
   */
  restartKubeApiServer(): Promise<void>;
  stop(): Promise<void>;
}

export async function startEnvironment(options: EnvironmentOptions = {}): Promise<Environment> {
  const { durable = false, onProgress = () => undefined } = options;
  const dir = await mkdtemp(join(tmpdir(), 'tenantry-env-'));
  const started: ManagedProcess[] = [];
  let postgres: Postgres | undefined;
  const began = Date.now();
  const progress = (what: string) => onProgress(`${what} (${((Date.now() - began) / 1000).toFixed(1)} s)`);
  try {
    // PostgreSQL's initdb is the slowest step; it runs while the control plane comes up.
    const postgresReady = startPostgres(dir, { durable }).then((pg) => {
      postgres = pg;
      progress(`postgres ready on ${pg.host}:${pg.port}`);
      return pg;
    });
    const controlPlane = options.externalKubeconfig
      ? { kubeconfigFile: options.externalKubeconfig, apiServerUrl: serverOf(options.externalKubeconfig) }
      : await startControlPlane(dir, started, progress, durable);
    const pg = await postgresReady;
    return {
      dir,
      ...controlPlane,
      ownsControlPlane: !options.externalKubeconfig,
      postgres: pg,
      kubeConfig() {
        const config = new KubeConfig();
        config.loadFromFile(controlPlane.kubeconfigFile);
        return config;
      },
      kubectl: (args, input) => runKubectl(controlPlane.kubeconfigFile, args, input),
      async restartKubeApiServer() {
        if (!('restartApiServer' in controlPlane)) throw new Error('this environment uses an external cluster: kube-apiserver is not its to restart');
        await controlPlane.restartApiServer();
      },
      async stop() {
        await stopAll(started, pg);
        // A PostgreSQL killed after its grace leaves children (checkpointer, WAL writer) that write for a moment
        // longer: rmdir then meets ENOTEMPTY, which fs.rm retries.
        if (!options.keepDir) await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      },
    };
  } catch (error) {
    await stopAll(started, postgres);
    throw error;
  }
}

async function startControlPlane(dir: string, started: ManagedProcess[], progress: (line: string) => void, durable: boolean) {
  const adminToken = randomBytes(24).toString('base64url');
  const [certificates, etcd] = await Promise.all([createCertificates(dir), startEtcd(dir, { durable })]);
  started.push(etcd.process);
  progress(`etcd ready at ${etcd.url}`);
  const apiServerOptions = { dir, etcdUrl: etcd.url, certificates, adminToken };
  let apiServer = await startKubeApiServer(apiServerOptions);
  started.push(apiServer.process);
  progress(`kube-apiserver ready at ${apiServer.url}`);
  const restartApiServer = async () => {
    const index = started.indexOf(apiServer.process);
    // It stops serving within milliseconds of SIGTERM but can linger half a minute before exiting: 1 s, then SIGKILL.
    await apiServer.process.stop(1_000);
    apiServer = await startKubeApiServer({ ...apiServerOptions, port: Number(new URL(apiServer.url).port) });
    started[index] = apiServer.process;
  };
  const kubeconfigFile = join(dir, 'kubeconfig');
  await writeKubeconfig(kubeconfigFile, { server: apiServer.url, caPem: certificates.servingCertPem, token: adminToken });
  started.push(await startKubeControllerManager({ dir, kubeconfigFile, serviceAccountKeyFile: certificates.serviceAccountKeyFile }));
  progress('kube-controller-manager ready');
  return { kubeconfigFile, apiServerUrl: apiServer.url, restartApiServer };
}

function serverOf(kubeconfigFile: string): string {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfigFile);
  return config.getCurrentCluster()?.server ?? '(unknown server)';
}

async function stopAll(processes: readonly ManagedProcess[], postgres: Postgres | undefined): Promise<void> {
  // Clients first, the store last; the whole environment is throwaway, so no long drains.
  await Promise.all([...processes.slice(1).map((proc) => proc.stop(2000)), postgres?.stop()]);
  await processes[0]?.stop(2000);
}
