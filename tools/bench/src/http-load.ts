// HTTP load with autocannon (closed loop: a fixed number of connections, each sending its next request when the
// last one is answered), and unloaded latency from one connection: what every HTTP figure is made of.
import http from 'node:http';
import autocannon from 'autocannon';

export interface LoadTarget {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Varies each request (tenant, token, user): called before every request is sent. */
  readonly vary?: (request: { path: string; headers: Record<string, string>; body?: string }) => void;
}

export interface LoadOptions {
  readonly connections: number;
  /** Seconds; ignored when `amount` is set. */
  readonly durationSeconds: number;
  /** Stop after this many requests instead of after a duration. */
  readonly amount?: number;
}

export interface LoadResult {
  /** Answered with 2xx per second over the whole run. */
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly ok: number;
  /** Non-2xx answers plus connection errors and timeouts: any of them makes the run suspect. */
  readonly failed: number;
  readonly seconds: number;
}

export async function runLoad(target: LoadTarget, options: LoadOptions): Promise<LoadResult> {
  const { vary } = target;
  const settings: autocannon.Options = {
    url: target.url,
    connections: options.connections,
    duration: options.durationSeconds,
    ...(options.amount === undefined ? {} : { amount: options.amount }),
    timeout: 30,
    requests: [{
      method: target.method ?? 'GET',
      path: target.path,
      headers: target.headers ?? {},
      ...(target.body === undefined ? {} : { body: target.body }),
      ...(vary === undefined ? {} : {
        setupRequest: (request: autocannon.Request) => {
          const varied = { path: request.path ?? target.path, headers: { ...(target.headers ?? {}) }, ...(target.body === undefined ? {} : { body: target.body }) };
          vary(varied);
          return { ...request, path: varied.path, headers: varied.headers, ...(varied.body === undefined ? {} : { body: varied.body }) };
        },
      }),
    }],
  };
  const startedAt = performance.now();
  let lastAnswerAt = startedAt;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(settings, (error: Error | null, done: autocannon.Result) => (error ? reject(error) : resolve(done)));
    instance.on('response', () => {
      lastAnswerAt = performance.now();
    });
  });
  // A run bounded by `amount` ends at its last answer: autocannon only notices on its next one-second tick.
  const seconds = options.amount === undefined ? result.duration : (lastAnswerAt - startedAt) / 1000;
  return {
    rps: result['2xx'] / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
    seconds,
  };
}

/** Throws when a run had failures: a figure over refused requests would measure the refusal. */
export function requireClean(label: string, result: LoadResult): LoadResult {
  if (result.failed > 0) throw new Error(`${label}: ${result.failed} of ${result.ok + result.failed} requests failed (non-2xx, errors or timeouts)`);
  return result;
}

export function describeLoad(result: LoadResult): string {
  return `${result.rps.toFixed(0)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms (${result.ok} ok, ${result.failed} failed, ${result.seconds.toFixed(1)} s)`;
}

/**
 * Median round-trip times of sequential requests over one keep-alive connection per target, the targets
 * taking turns request by request so that both see the same machine: the latency a request pays unloaded.
 */
export async function sequentialLatencies(targets: readonly LoadTarget[], samples: number): Promise<number[]> {
  const agents = targets.map(() => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  const timings = targets.map((): number[] => []);
  try {
    for (let i = 0; i < samples; i++) {
      for (const [index, target] of targets.entries()) timings[index]!.push(await timeOne(target, agents[index]!));
    }
  } finally {
    for (const agent of agents) agent.destroy();
  }
  return timings.map((values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  });
}

function timeOne(target: LoadTarget, agent: http.Agent): Promise<number> {
  const request = { path: target.path, headers: { ...(target.headers ?? {}) }, ...(target.body === undefined ? {} : { body: target.body }) };
  target.vary?.(request);
  const url = new URL(request.path, target.url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const sent = http.request(url, { method: target.method ?? 'GET', headers: request.headers, agent }, (response) => {
      response.resume();
      response.once('end', () => {
        if ((response.statusCode ?? 0) >= 300) reject(new Error(`${target.method ?? 'GET'} ${url.href} answered ${response.statusCode}`));
        else resolve(performance.now() - started);
      });
    });
    sent.once('error', reject);
    sent.end(request.body);
  });
}
