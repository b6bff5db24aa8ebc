// A memory limit for one child process, as its pod's would be: a cgroup of its own (the v1 memory controller,
// or memory.max on v2) when this machine lets the harness make one. Node sizes V8's heap from that limit, as it
// does in a container, so a process measured here manages memory as it does in production.
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MemoryCgroup {
  /** Write a pid here to move that process into the cgroup. */
  readonly procsFile: string;
  /** Removes the cgroup once its processes have exited. */
  remove(): void;
}

const v1Root = '/sys/fs/cgroup/memory';
const v2Root = '/sys/fs/cgroup';

/** A cgroup limited to `limitBytes`, or undefined when the machine does not allow one (not root, no controller). */
export function createMemoryCgroup(name: string, limitBytes: number): MemoryCgroup | undefined {
  const attempt = (root: string, limitFile: string): MemoryCgroup | undefined => {
    const dir = join(root, `tenantry-${name}-${process.pid}-${Date.now().toString(36)}`);
    try {
      mkdirSync(dir);
    } catch {
      return undefined;
    }
    try {
      writeFileSync(join(dir, limitFile), String(limitBytes));
    } catch {
      rmdirSync(dir);
      return undefined;
    }
    return { procsFile: join(dir, 'cgroup.procs'), remove: () => { try { rmdirSync(dir); } catch { /* still in use or gone */ } } };
  };
  return attempt(v1Root, 'memory.limit_in_bytes') ?? (v2MemoryEnabled() ? attempt(v2Root, 'memory.max') : undefined);
}

function v2MemoryEnabled(): boolean {
  try {
    return readFileSync(join(v2Root, 'cgroup.subtree_control'), 'utf8').split(/\s+/).includes('memory');
  } catch {
    return false;
  }
}

/** Kubernetes memory quantities as charts write them: 384Mi, 1Gi, 500M, 1048576. */
export function parseMemoryQuantity(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity.trim());
  if (!match) throw new Error(`not a memory quantity: ${quantity}`);
  const factors: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return Math.round(Number(match[1]) * (match[2] ? factors[match[2]]! : 1));
}
