// Samples how many PostgreSQL sessions one application holds, from pg_stat_activity, and keeps the peak.
import pg from 'pg';

export interface ConnectionSampler {
  /** The highest count seen since start (or the last reset). */
  peak(): number;
  reset(): void;
  stop(): Promise<void>;
}

export async function sampleConnections(superuserUrl: string, applicationName: string, everyMs = 50): Promise<ConnectionSampler> {
  const client = new pg.Client({ connectionString: superuserUrl, application_name: 'tenantry-bench-sampler' });
  await client.connect();
  let peak = 0;
  let stopped = false;
  let failure: unknown;
  const sample = async () => {
    const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
    peak = Math.max(peak, Number(rows[0]?.count ?? 0));
  };
  // One sample at a time: each waits for the last, so a slow server is sampled less often, never queued up.
  const loop = (async () => {
    while (!stopped) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })().catch((error: unknown) => {
    failure = error;
  });
  return {
    peak: () => peak,
    reset() {
      peak = 0;
    },
    async stop() {
      stopped = true;
      await loop;
      await client.end();
      if (failure !== undefined) throw new Error('sampling pg_stat_activity failed', { cause: failure });
    },
  };
}
