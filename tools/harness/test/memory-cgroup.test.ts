// A child process under a pod-like memory limit: Node sees the limit and sizes its heap from it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { chartMemoryLimitBytes, createMemoryCgroup, parseMemoryQuantity, startProcess } from '../src/index.js';

describe('memory limits for child processes', () => {
  it('reads Kubernetes memory quantities', () => {
    expect(parseMemoryQuantity('384Mi')).to.equal(384 * 2 ** 20);
    expect(parseMemoryQuantity('1Gi')).to.equal(2 ** 30);
    expect(parseMemoryQuantity('500M')).to.equal(500e6);
    expect(parseMemoryQuantity('1048576')).to.equal(1048576);
    expect(() => parseMemoryQuantity('lots')).to.throw(/not a memory quantity/);
  });

  it('takes the operator\'s limit from the chart\'s defaults', () => {
    expect(chartMemoryLimitBytes('operator')).to.be.greaterThan(64 * 2 ** 20);
  });

  it('runs a process under the limit when the machine allows a cgroup, and unlimited otherwise', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cgroup-test-'));
    try {
      const limit = 300 * 2 ** 20;
      const probe = createMemoryCgroup('probe', limit);
      probe?.remove();
      const logFile = join(dir, 'node.log');
      const child = startProcess({
        component: 'limited-node', command: process.execPath, args: ['-e', 'console.log(String(process.constrainedMemory()))'], logFile, memoryLimitBytes: limit,
      });
      expect(await child.exited).to.equal(0);
      const seen = Number((await readFile(logFile, 'utf8')).trim());
      if (probe === undefined) {
        expect(child.memoryLimitBytes, 'no cgroup here: nothing claimed').to.equal(undefined);
      } else {
        expect(child.memoryLimitBytes).to.equal(limit);
        expect(seen, 'Node sees the limit').to.equal(limit);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
