// Deletes from a bundle tree's node_modules every package outside one workspace's production closure.
// `npm ci --omit=dev --workspace X` still installs the dependencies of workspaces that X only lists as
// devDependencies (the lock file does not mark a workspace's own dependencies as dev), so a tree would hold
// packages nothing in production asks for: they must not be there to be found at run time.
//
//   node tools/bundle/prune-dependencies.ts <tree> <workspace folder>
import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const [tree, workspace] = process.argv.slice(2);
if (tree === undefined || workspace === undefined) {
  process.stderr.write('usage: node tools/bundle/prune-dependencies.ts <tree> <workspace folder>\n');
  process.exit(2);
}

/** Every package folder npm resolves for the workspace's production dependencies, relative to the tree. */
function productionClosure(): Set<string> {
  const listed = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable', '--workspace', workspace!], {
    cwd: tree, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024,
  });
  return new Set(listed.split('\n').filter(Boolean).map((path) => relative(tree!, path)));
}

/** Package folders under a node_modules folder, scoped ones (`@scope/name`) included. */
function packagesIn(folder: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(join(tree!, folder));
  } catch {
    return [];
  }
  return entries.filter((entry) => !entry.startsWith('.')).flatMap((entry) => {
    const path = join(folder, entry);
    return entry.startsWith('@') ? readdirSync(join(tree!, path)).map((name) => join(path, name)) : [path];
  });
}

function isDanglingLink(path: string): boolean {
  if (!lstatSync(path).isSymbolicLink()) return false;
  try {
    statSync(path);
    return false;
  } catch {
    return true;
  }
}

const keep = productionClosure();
let removed = 0;
const visit = (folder: string): void => {
  for (const pkg of packagesIn(folder)) {
    const absolute = join(tree, pkg);
    if (!keep.has(pkg) || isDanglingLink(absolute)) {
      rmSync(absolute, { recursive: true, force: true });
      removed += 1;
    } else if (!lstatSync(absolute).isSymbolicLink()) {
      visit(join(pkg, 'node_modules'));
    }
  }
};
visit('node_modules');
// Empty scope folders and the command links (`.bin`, never used at run time) go too.
for (const entry of readdirSync(join(tree, 'node_modules'))) {
  const path = join(tree, 'node_modules', entry);
  if (entry === '.bin' || (entry.startsWith('@') && readdirSync(path).length === 0)) rmSync(path, { recursive: true, force: true });
}
process.stderr.write(`bundle: pruned ${removed} packages outside ${workspace}'s production dependencies\n`);
