// Counts requests the API server served, from its own apiserver_request_total metric, so a benchmark
// can say how many API calls each tenant cost and of which kind (needless status writes show up here).
import type { Environment } from '@tenantry/harness';

export type RequestCounts = ReadonlyMap<string, number>;

const series = /^apiserver_request_total\{([^}]*)\} (\S+)$/;
const label = (labels: string, name: string) => new RegExp(`(?:^|,)${name}="([^"]*)"`).exec(labels)?.[1] ?? '';

/** Requests served so far, keyed "VERB resource[/subresource]"; watches and health probes left out. */
export async function apiRequestCounts(env: Environment): Promise<RequestCounts> {
  const { stdout } = await env.kubectl(['get', '--raw', '/metrics']);
  const counts = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const match = series.exec(line);
    if (!match) continue;
    const labels = match[1]!;
    const verb = label(labels, 'verb');
    const resource = label(labels, 'resource');
    if (verb === 'WATCH' || resource === '') continue;
    const subresource = label(labels, 'subresource');
    const key = `${verb} ${resource}${subresource ? `/${subresource}` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + Number(match[2]));
  }
  return counts;
}

/** What happened between two snapshots, largest first. */
export function requestDelta(before: RequestCounts, after: RequestCounts): Array<{ request: string; count: number }> {
  return [...after]
    .map(([request, count]) => ({ request, count: count - (before.get(request) ?? 0) }))
    .filter(({ count }) => count > 0)
    .sort((a, b) => b.count - a.count);
}
