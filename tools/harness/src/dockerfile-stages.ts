// Reads the root Dockerfile's stages — what each image runs (entrypoint, user, working folder, environment,
// the bundle tree it copies) — so tests and benchmarks start exactly that, not a copy of it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from './tool-paths.js';

export interface DockerStage {
  readonly name: string;
  readonly from: string;
  readonly user?: string;
  readonly workdir?: string;
  readonly env: Readonly<Record<string, string>>;
  readonly entrypoint?: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly healthcheck: boolean;
  /** `COPY --from=<stage> … <source> <destination>` lines. */
  readonly copies: ReadonlyArray<{ readonly fromStage?: string; readonly source: string; readonly destination: string }>;
}

export const dockerfilePath = join(repositoryRoot, 'Dockerfile');

/** Instructions with their line continuations joined, comments and the parser directive dropped. */
function instructions(text: string): Array<{ keyword: string; rest: string }> {
  return text.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), rest: rest.join(' ') };
    });
}

/** `KEY=value KEY2="value 2"` pairs, as ENV and LABEL write them. */
function pairs(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const match of text.matchAll(/([A-Za-z0-9_.-]+)=("(?:[^"\\]|\\.)*"|\S+)/g)) {
    const value = match[2]!;
    result[match[1]!] = value.startsWith('"') ? (JSON.parse(value) as string) : value;
  }
  return result;
}

interface MutableStage {
  name: string; from: string; user?: string; workdir?: string; env: Record<string, string>; entrypoint?: string[];
  labels: Record<string, string>; healthcheck: boolean; copies: DockerStage['copies'][number][];
}

export function readDockerStages(file = dockerfilePath): Map<string, DockerStage> {
  const stages = new Map<string, DockerStage>();
  let current: MutableStage | undefined;
  for (const { keyword, rest } of instructions(readFileSync(file, 'utf8'))) {
    if (keyword === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (!match) throw new Error(`Dockerfile: cannot read FROM ${rest}`);
      const parent = stages.get(match[1]!);
      current = {
        name: match[2] ?? `stage-${stages.size}`, from: match[1]!, env: { ...parent?.env }, labels: { ...parent?.labels },
        healthcheck: parent?.healthcheck ?? false, copies: [],
        ...(parent?.user === undefined ? {} : { user: parent.user }), ...(parent?.workdir === undefined ? {} : { workdir: parent.workdir }),
        ...(parent?.entrypoint === undefined ? {} : { entrypoint: [...parent.entrypoint] }),
      };
      stages.set(current.name, current);
      continue;
    }
    if (!current) continue; // ARGs before the first FROM.
    if (keyword === 'USER') current.user = rest;
    else if (keyword === 'WORKDIR') current.workdir = rest;
    else if (keyword === 'ENV') Object.assign(current.env, pairs(rest));
    else if (keyword === 'LABEL') Object.assign(current.labels, pairs(rest));
    else if (keyword === 'HEALTHCHECK') current.healthcheck = rest.toUpperCase() !== 'NONE';
    else if (keyword === 'ENTRYPOINT') current.entrypoint = JSON.parse(rest) as string[];
    else if (keyword === 'COPY') {
      const words = rest.split(/\s+/);
      const fromStage = words.find((word) => word.startsWith('--from='))?.slice('--from='.length);
      const [source = '', destination = ''] = words.filter((word) => !word.startsWith('--')).slice(-2);
      current.copies.push({ source, destination, ...(fromStage === undefined ? {} : { fromStage }) });
    }
  }
  return stages;
}

/** The NODE_OPTIONS an image's stage sets (heap settings, say), or '' when it sets none. */
export function imageNodeOptions(stage: string): string {
  const found = readDockerStages().get(stage);
  if (!found) throw new Error(`the Dockerfile has no stage named ${stage}`);
  return found.env['NODE_OPTIONS'] ?? '';
}
