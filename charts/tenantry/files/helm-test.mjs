// `helm test`: every service of the release answers /readyz, the platform publishes its signing keys, the
// gateway serves the public API document it builds from the backend's and the platform's (a request through the
// gateway to both), and refuses a request without a token the way that document says (401, problem+json).
// Run by the chart's test Job with TENANTRY_SERVICES="operator=http://…,platform=http://…"; charts/test runs it too.
const services = Object.fromEntries((process.env.TENANTRY_SERVICES ?? '').split(',').filter(Boolean).map((pair) => pair.split('=')));
const deadline = Date.now() + Number(process.env.TENANTRY_TEST_TIMEOUT_MS ?? 120_000);
const failures = [];

async function check(description, probe) {
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const outcome = await probe();
      if (outcome === true) {
        process.stdout.write(`ok   ${description}\n`);
        return;
      }
      last = outcome;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  failures.push(description);
  process.stdout.write(`FAIL ${description}: ${last}\n`);
}

for (const [name, url] of Object.entries(services)) {
  await check(`${name} /readyz answers 200`, async () => {
    const response = await fetch(`${url}/readyz`);
    return response.status === 200 || `HTTP ${response.status}`;
  });
}
if (services.platform) {
  await check('platform publishes its signing keys at /.well-known/jwks.json', async () => {
    const { keys } = await (await fetch(`${services.platform}/.well-known/jwks.json`)).json();
    return (Array.isArray(keys) && keys.length > 0 && keys.every((key) => key.d === undefined)) || `keys: ${JSON.stringify(keys)}`;
  });
}
if (services.gateway) {
  await check('gateway serves the public API from the backend\'s and the platform\'s documents', async () => {
    const response = await fetch(`${services.gateway}/openapi.json`);
    if (response.status !== 200) return `HTTP ${response.status}`;
    const paths = Object.keys((await response.json()).paths ?? {});
    return (paths.some((path) => path.startsWith('/api/')) && paths.some((path) => path.startsWith('/platform/'))) || `paths: ${paths.join(' ')}`;
  });
  await check('gateway refuses an anonymous /api/entries with 401 problem+json', async () => {
    const response = await fetch(`${services.gateway}/api/entries`, { headers: { 'x-tenant-id': 'helm-test' } });
    const type = response.headers.get('content-type') ?? '';
    return (response.status === 401 && type.startsWith('application/problem+json')) || `HTTP ${response.status} ${type}`;
  });
}
if (Object.keys(services).length === 0) failures.push('TENANTRY_SERVICES names no service');
process.exitCode = failures.length === 0 ? 0 : 1;
