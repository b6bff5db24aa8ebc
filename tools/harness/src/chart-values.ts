// Defaults of the Helm chart's values.yaml that tests and benchmarks run processes with, so that what they
// measure is what the chart deploys.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseMemoryQuantity } from './memory-cgroup.js';
import { repositoryRoot } from './tool-paths.js';

export const chartValuesFile = join(repositoryRoot, 'charts', 'tenantry', 'values.yaml');

/** `<component>.resources.limits.memory` of the chart's defaults, in bytes. */
export function chartMemoryLimitBytes(component: string): number {
  const values = parse(readFileSync(chartValuesFile, 'utf8')) as Record<string, { resources?: { limits?: { memory?: string } } } | undefined>;
  const limit = values[component]?.resources?.limits?.memory;
  if (limit === undefined) throw new Error(`${chartValuesFile} sets no ${component}.resources.limits.memory`);
  return parseMemoryQuantity(limit);
}
