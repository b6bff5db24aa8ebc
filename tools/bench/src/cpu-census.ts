// CPU seconds used by each part of an environment (API server, etcd, controller manager, PostgreSQL with
// all its backends, the operator), from /proc: where a burst's cost goes, next to where the floor's goes.
import { readdir, readFile } from 'node:fs/promises';
import type { Environment } from '@tenantry/harness';
import { cpuSeconds, processStat } from './process-usage.js';

export type CpuCensus = ReadonlyMap<string, number>;

const components: ReadonlyArray<[string, RegExp]> = [
  ['kube-apiserver', /kube-apiserver/], ['etcd', /\/etcd\b/], ['kube-controller-manager', /kube-controller-manager/], ['postgres', /bin\/postgres\b/],
];

async function processes(): Promise<Array<{ pid: number; ppid: number; cmdline: string }>> {
  const found = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const [cmdline, stat] = await Promise.all([readFile(`/proc/${entry}/cmdline`, 'utf8'), processStat(Number(entry))]);
      if (stat !== undefined) found.push({ pid: Number(entry), ppid: stat.ppid, cmdline: cmdline.replaceAll('\0', ' ') });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** CPU seconds so far per component of `env`, plus the operator process. */
export async function cpuCensus(env: Environment, operatorPid: number): Promise<CpuCensus> {
  const all = await processes();
  const census = new Map<string, number>();
  const add = async (name: string, pid: number, exitedChildren = false) => {
    const seconds = await cpuSeconds(pid, { exitedChildren }).catch(() => 0);
    census.set(name, (census.get(name) ?? 0) + seconds);
  };
  for (const [name, pattern] of components) {
    const roots = all.filter((p) => p.cmdline.includes(env.dir) && pattern.test(p.cmdline));
    for (const root of roots) {
      await add(name, root.pid, true);
      // PostgreSQL's work happens in its backends, children of the postmaster.
      for (const child of all.filter((p) => p.ppid === root.pid)) await add(name, child.pid);
    }
  }
  await add('operator', operatorPid);
  return census;
}

/** "operator 3.1 s, kube-apiserver 9.8 s, …" for what changed between two censuses. */
export function describeCpu(before: CpuCensus, after: CpuCensus): string {
  return [...after].map(([name, seconds]) => [name, seconds - (before.get(name) ?? 0)] as const)
    .filter(([, seconds]) => seconds > 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([name, seconds]) => `${name} ${seconds.toFixed(1)} s`).join(', ');
}
