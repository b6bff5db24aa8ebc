// The deployment's documents judged by the linters their ecosystems use: every IAM policy by parliament,
// every GitHub Actions workflow by actionlint — each linter first shown to catch a planted mistake.
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { repositoryRoot, toolPath } from '@tenantry/harness';

interface Run { code: number; stdout: string; stderr: string }

function run(command: string, args: readonly string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { cwd: repositoryRoot, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(new Error(`${command} could not run: ${error.message}`, { cause: error }));
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
    // parliament takes a policy on stdin (with --file it refuses any non-terminal stdin).
    child.stdin?.end(input ?? '');
  });
}

const policiesFolder = join(repositoryRoot, 'deploy', 'eks', 'iam');
const policies = readdirSync(policiesFolder).filter((file) => file.endsWith('.json')).sort();

describe('deployment documents under their linters', function () {
  this.timeout(60_000);

  it('parliament reports a planted mistake in an IAM policy', async () => {
    const planted = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValu', Resource: '*' }] });
    const result = await run(toolPath('parliament'), ['--json'], planted);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.match(/UNKNOWN_ACTION/);
  });

  it('parliament finds nothing in any IAM policy of deploy/eks/iam', async () => {
    expect(policies).to.include.members(['ci-release.json', 'eks-deploy.json', 'external-secrets.json']);
    for (const file of policies) {
      const result = await run(toolPath('parliament'), ['--json', '--minimum_severity', 'LOW'], readFileSync(join(policiesFolder, file), 'utf8'));
      expect({ file, findings: result.stdout.trim(), code: result.code }).to.deep.equal({ file, findings: '', code: 0 });
    }
  });

  it('actionlint reports a planted mistake in a workflow', async () => {
    const planted = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.no_such_property }}\n';
    const result = await run(toolPath('actionlint'), ['-no-color', '-'], planted);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.match(/property "no_such_property" is not defined/);
  });

  it('actionlint finds nothing in .github/workflows (CI, chart checks, release)', async () => {
    const workflows = readdirSync(join(repositoryRoot, '.github', 'workflows')).sort();
    expect(workflows).to.deep.equal(['chart.yaml', 'ci.yaml', 'release.yaml']);
    const result = await run(toolPath('actionlint'), ['-no-color']);
    expect(result.stdout + result.stderr).to.equal('');
    expect(result.code).to.equal(0);
  });
});
