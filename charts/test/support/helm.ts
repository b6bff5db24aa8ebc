// Runs the pinned helm on the tenantry chart and parses what it renders.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { chartDirectory, toolPath } from '@tenantry/harness';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  [field: string]: unknown;
}

const run = promisify(execFile);

export interface HelmFailure {
  readonly code: number;
  readonly stderr: string;
}

export async function helm(args: readonly string[], options: { kubeconfig?: string } = {}): Promise<string> {
  const kube = options.kubeconfig === undefined ? [] : ['--kubeconfig', options.kubeconfig];
  const { stdout } = await run(toolPath('helm'), [...args, ...kube], { maxBuffer: 32 * 1024 * 1024 });
  return stdout;
}

/** Resolves with helm's stderr when it fails, and fails when it succeeds. */
export async function helmFailure(args: readonly string[]): Promise<string> {
  try {
    await helm(args);
  } catch (error) {
    return (error as { stderr?: string }).stderr ?? String(error);
  }
  throw new Error(`helm ${args.join(' ')} succeeded; it should have failed`);
}

export const valuesFile = (name: 'values-kind.yaml' | 'values-eks.yaml') => join(chartDirectory, name);

/** What the chart needs at least when installed without a values file. */
export const requiredSettings: Record<string, string> = {
  'oidc.issuer': 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example1',
  'platform.database.url': 'postgres://tenantry:secret@postgres.example:5432/tenantry_platform',
};

export interface RenderOptions {
  readonly values?: readonly string[];
  readonly set?: Readonly<Record<string, string | number | boolean>>;
  readonly namespace?: string;
  readonly release?: string;
}

export function renderArguments({ values = [], set = {}, namespace = 'tenantry-test', release = 'tenantry' }: RenderOptions): string[] {
  return [
    'template', release, chartDirectory, '--namespace', namespace,
    ...values.flatMap((file) => ['--values', file]),
    ...Object.entries(set).flatMap(([key, value]) => ['--set', `${key}=${String(value)}`]),
  ];
}

export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text).map((document) => {
    if (document.errors.length > 0) throw new Error(`helm rendered invalid YAML: ${document.errors[0]!.message}`);
    return document.toJS() as Manifest | null;
  }).filter((manifest): manifest is Manifest => manifest !== null);
}

export async function render(options: RenderOptions = {}): Promise<Manifest[]> {
  return parseManifests(await helm(renderArguments(options)));
}

export const ofKind = (manifests: readonly Manifest[], kind: string) => manifests.filter((manifest) => manifest.kind === kind);
