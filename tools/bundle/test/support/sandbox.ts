// Runs a command from a bundle tree under bubblewrap the way a restricted Pod runs the image: a numeric
// non-root user, a read-only root filesystem in which only /tmp (an emptyDir) is writable, the tree at /app,
// Node at /nodejs (where the distroless base has it), and nothing of the repository or its node_modules.
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, closeSync, constants, linkSync, mkdirSync, mkdtempSync, openSync, statSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { startProcess, type ManagedProcess } from '@tenantry/harness';

/** The user the images run as (USER 65532:65532, distroless's `nonroot`). */
export const sandboxUid = 65532;

export interface SandboxOptions {
  /** The bundle tree, mounted read-only at /app. */
  readonly tree: string;
  /** Host files copied in read-only for the image's user, e.g. { '/var/run/tenantry/kubeconfig': env.kubeconfigFile }. */
  readonly files?: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly workdir?: string;
}

export function bubblewrapPath(): string {
  const path = '/usr/bin/bwrap';
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`${path} not found: install the Debian package bubblewrap (make test does: tools/ensure-system-packages.sh)`);
  }
  return path;
}

/**
 * Started by root, the sandbox's user would still be root outside its namespace: bwrap itself runs as the
 * image's user then, and opens what it mounts as that user. Files are handed over as descriptors opened here
 * (a kubeconfig is 0600); a folder that user cannot reach (the tools cache under /root) is linked into a
 * world-readable staging folder first.
 */
const asImageUser = process.getuid?.() === 0 ? { uid: sandboxUid, gid: sandboxUid } : {};

/** Whether every folder above `path` lets others pass (mode o+x). */
function reachableByOthers(path: string): boolean {
  for (let folder = dirname(path); ; folder = dirname(folder)) {
    if ((statSync(folder).mode & 0o001) === 0) return false;
    if (folder === parse(folder).root) return true;
  }
}

let staging: string | undefined;
const staged = new Map<string, string>();

/** `folder` itself when the image's user can reach it, else a hard-linked (or copied) twin under the temp folder. */
function reachable(folder: string): string {
  if (asImageUser.uid === undefined || reachableByOthers(folder)) return folder;
  const known = staged.get(folder);
  if (known !== undefined) return known;
  staging ??= mkdtempSync(join(tmpdir(), 'tenantry-sandbox-'));
  execFileSync('chmod', ['0755', staging]);
  const twin = join(staging, String(staged.size));
  try {
    execFileSync('cp', ['-al', folder, twin]);
  } catch {
    execFileSync('cp', ['-a', folder, twin]);
  }
  staged.set(folder, twin);
  return twin;
}

/** The Node binary running the tests, as bin/node of a folder mounted where the runtime image has its own. */
function nodeHome(): string {
  const home = dirname(dirname(process.execPath));
  if (asImageUser.uid === undefined || reachableByOthers(process.execPath)) return home;
  const known = staged.get(process.execPath);
  if (known !== undefined) return known;
  staging ??= mkdtempSync(join(tmpdir(), 'tenantry-sandbox-'));
  execFileSync('chmod', ['0755', staging]);
  const twin = join(staging, 'nodejs');
  mkdirSync(join(twin, 'bin'), { recursive: true, mode: 0o755 });
  try {
    linkSync(process.execPath, join(twin, 'bin', 'node'));
  } catch {
    copyFileSync(process.execPath, join(twin, 'bin', 'node'));
  }
  staged.set(process.execPath, twin);
  return twin;
}

interface Prepared {
  readonly args: string[];
  readonly fds: number[];
}

function prepare(options: SandboxOptions, command: readonly string[]): Prepared {
  const fds: number[] = [];
  const handOver = (path: string) => {
    fds.push(openSync(path, 'r'));
    return String(2 + fds.length); // The child sees them as fd 3, 4, …
  };
  try {
    const folders = ['--ro-bind', nodeHome(), '/nodejs', '--ro-bind', reachable(options.tree), '/app'];
    const files = Object.entries(options.files ?? {}).flatMap(([inside, outside]) => ['--perms', '0400', '--ro-bind-data', handOver(outside), inside]);
    const env = Object.entries({ PATH: '/nodejs/bin:/usr/bin', HOME: '/tmp', ...options.env }).flatMap(([key, value]) => ['--setenv', key, value]);
    const args = [
      '--unshare-all', '--share-net', '--die-with-parent', '--new-session',
      // Not root inside either: the user namespace maps the caller to the image's user.
      '--uid', String(sandboxUid), '--gid', String(sandboxUid),
      '--ro-bind', '/usr', '/usr', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64', '--symlink', 'usr/bin', '/bin',
      ...folders, ...files,
      '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp',
      '--remount-ro', '/',
      '--chdir', options.workdir ?? '/app',
      '--clearenv', ...env,
      '--', ...command,
    ];
    return { args, fds };
  } catch (error) {
    for (const fd of fds) closeSync(fd);
    throw error;
  }
}

export function startSandboxed(component: string, logFile: string, options: SandboxOptions, command: readonly string[]): ManagedProcess {
  const { args, fds } = prepare(options, command);
  try {
    return startProcess({ component, command: bubblewrapPath(), args, logFile, env: {}, inheritFds: fds, ...asImageUser });
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}

export interface SandboxRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a short command in the sandbox to its end. */
export function runSandboxed(options: SandboxOptions, command: readonly string[]): Promise<SandboxRun> {
  const { args, fds } = prepare(options, command);
  return new Promise<SandboxRun>((resolve, reject) => {
    const child = spawn(bubblewrapPath(), args, { env: {}, stdio: ['ignore', 'pipe', 'pipe', ...fds], timeout: 30_000, ...asImageUser });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.once('error', (error) => reject(new Error(`bwrap could not run: ${error.message}`, { cause: error })));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  }).finally(() => {
    for (const fd of fds) closeSync(fd);
  });
}
