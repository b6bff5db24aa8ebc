// Mocha global fixtures: turn on the secret scan of every captured process log; at the end of the run scan
// those logs (before the environment's folder is deleted), stop the shared environment, and fail the run
// when any log line held a secret.
import { SecretInLogError, enableLogSecretScan, type LogSecretFinding } from './log-secret-scan.js';
import { stopSharedEnvironment } from './shared-environment.js';
import { stopSharedWebStack } from './stack/web-stack.js';

export function mochaGlobalSetup(): void {
  enableLogSecretScan();
}

export async function mochaGlobalTeardown(): Promise<void> {
  const scan = enableLogSecretScan();
  let findings: LogSecretFinding[];
  try {
    findings = scan.scan();
  } finally {
    await stopSharedWebStack();
    await stopSharedEnvironment();
  }
  if (findings.length > 0) {
    // Mocha reports a teardown error but keeps the exit code of the tests; a leaked secret must fail the run.
    process.exitCode = 1;
    throw new SecretInLogError(findings, 'Run again with TENANTRY_KEEP_TEST_DIR=1 to keep the environment\'s logs.');
  }
  if (scan.capturedCount() > 0) process.stderr.write(`  [harness] secret scan: ${scan.capturedCount()} process logs, no secret found\n`);
}
