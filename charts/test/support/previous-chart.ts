// The chart as the commit before HEAD had it (what an upgrade starts from), unpacked into a folder with git archive.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chartDirectory, repositoryRoot } from '@tenantry/harness';

export interface PreviousChart {
  readonly path: string;
  /** The commit it comes from, or `working tree` when the history has no parent (a shallow clone). */
  readonly revision: string;
  readonly version: string;
}

export function previousChart(): PreviousChart {
  const git = (args: string[]) => execFileSync('git', ['-C', repositoryRoot, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  let revision: string;
  try {
    revision = git(['rev-parse', '--verify', '--quiet', 'HEAD~1^{commit}']);
    git(['cat-file', '-e', `${revision}:charts/tenantry/Chart.yaml`]);
  } catch {
    return { path: chartDirectory, revision: 'working tree', version: 'current' };
  }
  const folder = mkdtempSync(join(tmpdir(), 'tenantry-previous-chart-'));
  execFileSync('bash', ['-o', 'pipefail', '-c', `git -C "${repositoryRoot}" archive "${revision}" charts/tenantry | tar -x -C "${folder}"`]);
  const version = /^version:\s*(\S+)/m.exec(git(['show', `${revision}:charts/tenantry/Chart.yaml`]))?.[1] ?? 'unknown';
  return { path: join(folder, 'charts', 'tenantry'), revision: revision.slice(0, 12), version };
}
