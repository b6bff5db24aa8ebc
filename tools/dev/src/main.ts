// `make dev`: brings up the local platform (or uses the cluster KUBECONFIG names), prints where
// everything is, and stays in the foreground until Ctrl-C, cleaning up on the way out.
import { existsSync } from 'node:fs';
import { startEnvironment, type Environment } from '@tenantry/harness';

const write = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const external = process.env['KUBECONFIG'];
  if (external) {
    if (!existsSync(external)) throw new Error(`KUBECONFIG names ${external}, which does not exist`);
    write(`dev: using the cluster from KUBECONFIG=${external}`);
  }
  write('dev: starting the local control plane and PostgreSQL…');
  const env = await startEnvironment({ keepDir: true, onProgress: (line) => write(`dev:   ${line}`) });
  printSummary(env, external);
  await untilInterrupted();
  write('\ndev: stopping…');
  await env.stop();
  write(`dev: stopped (logs kept in ${env.dir})`);
}

function printSummary(env: Environment, external: string | undefined): void {
  const kubeconfig = external ?? env.kubeconfigFile;
  write();
  write('Tenantry is running locally.');
  write(`  Kubernetes API   ${external ? '(from KUBECONFIG)' : env.apiServerUrl}`);
  write(`  kubeconfig       export KUBECONFIG=${kubeconfig}`);
  write(`  PostgreSQL       ${env.postgres.url}`);
  write(`  logs and data    ${env.dir}`);
  write();
  write('Stop with Ctrl-C.');
}

function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`dev: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
