// Crash points for tests that must kill the operator at an exact line (like etcd's gofail):
// TENANTRY_FAILPOINTS=after-storage makes the process die there as if SIGKILLed. Inert otherwise.
const armed = new Set((process.env['TENANTRY_FAILPOINTS'] ?? '').split(',').map((name) => name.trim()).filter(Boolean));

export type FailpointName = 'after-placement' | 'after-secret' | 'after-role' | 'after-storage' | 'after-migrations' | 'after-release';

export function failpoint(name: FailpointName): void {
  if (armed.has(name)) process.kill(process.pid, 'SIGKILL');
}
