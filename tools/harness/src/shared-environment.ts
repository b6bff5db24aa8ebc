// One environment per test run, started by the first suite that asks for it and stopped at the end.
import { startEnvironment, type Environment } from './environment.js';
import { logSecretScanEnabled, registerKnownSecrets } from './log-secret-scan.js';
import { watchSecretValues, type SecretWatch } from './secret-watch.js';

let shared: Promise<Environment> | undefined;
let secretWatch: SecretWatch | undefined;

export function sharedEnvironment(): Promise<Environment> {
  if (!shared) {
    stopOnSignals();
    shared = startEnvironment({
      keepDir: process.env['TENANTRY_KEEP_TEST_DIR'] === '1',
      onProgress: (line) => process.stderr.write(`      [harness] ${line}\n`),
    }).then((environment) => {
      if (logSecretScanEnabled()) {
        registerKnownSecrets([environment.postgres.password]);
        secretWatch = watchSecretValues(environment, registerKnownSecrets);
      }
      return environment;
    });
  }
  return shared;
}

export async function stopSharedEnvironment(): Promise<void> {
  if (!shared) return;
  const environment = await shared.catch(() => undefined);
  shared = undefined;
  secretWatch?.stop();
  secretWatch = undefined;
  await environment?.stop();
}

/** Node exits on SIGINT/SIGTERM without running exit handlers; stop the servers first. */
function stopOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n[harness] ${signal}: stopping the shared environment\n`);
      void stopSharedEnvironment().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}
