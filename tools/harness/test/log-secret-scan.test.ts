// The log scan of a run: a real process's log is scanned on exit (even when a suite deletes it right after)
// and again at the end with every secret registered meanwhile; findings name file, line and kind only.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { SecretInLogError, createLogSecretScan } from '../src/log-secret-scan.js';
import { startProcess } from '../src/managed-process.js';

describe('log secret scan of a run', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tenantry-scan-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const runLogging = (name: string, lines: readonly string[]) => {
    const script = join(dir, `${name}.sh`);
    writeFileSync(script, lines.map((line) => `printf '%s\\n' '${line}'`).join('\n'));
    return startProcess({ component: name, command: '/bin/sh', args: [script], logFile: join(dir, `${name}.log`) });
  };

  it('finds a secret in the log of a process whose log folder is deleted right after it stops', async () => {
    const scan = createLogSecretScan();
    const password = randomBytes(12).toString('base64url');
    scan.registerKnownSecrets([password]);
    const proc = runLogging('leaky', ['{"level":"info","message":"started"}', `{"level":"debug","message":"connecting","note":"with ${password}"}`]);
    scan.capture(proc);

    await proc.exited;
    rmSync(dir, { recursive: true, force: true });

    expect(scan.scan()).to.deep.equal([{ file: join(dir, 'leaky.log'), line: 2, kind: 'known-secret' }]);
  });

  it('checks logs still on disk at the end against secrets registered after their process ran', async () => {
    const scan = createLogSecretScan();
    const tenantPassword = randomBytes(12).toString('base64url');
    const proc = runLogging('operator', ['{"message":"tenant ready"}', `{"message":"oops","value":"${tenantPassword}"}`]);
    scan.capture(proc);
    await proc.exited;
    expect(scan.scan()).to.deep.equal([]);

    scan.registerKnownSecrets([tenantPassword]);

    expect(scan.scan()).to.deep.equal([{ file: join(dir, 'operator.log'), line: 2, kind: 'known-secret' }]);
  });

  it('reports findings without the secret itself', () => {
    const secret = randomBytes(12).toString('base64url');
    const error = new SecretInLogError([{ file: '/tmp/x/gateway.log', line: 7, kind: 'bearer-token' }], 'hint');
    expect(error.message).to.include('/tmp/x/gateway.log:7  bearer-token').and.not.include(secret);
    expect(error.code).to.equal('SECRET_IN_LOG');
  });

  it('passes clean logs', async () => {
    const scan = createLogSecretScan();
    const proc = runLogging('clean', ['{"message":"request","authorization":"[REDACTED]","route":"/api/entries/:id"}']);
    scan.capture(proc);
    await proc.exited;
    expect(scan.scan()).to.deep.equal([]);
    expect(scan.capturedCount()).to.equal(1);
  });
});
