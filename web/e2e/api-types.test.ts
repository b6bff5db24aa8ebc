// The web app's API types are generated from the OpenAPI documents the running backend and platform serve: this
// regenerates them and fails when the committed files differ (UPDATE_API_TYPES=1 writes them instead).
import { readFile, writeFile } from 'node:fs/promises';
import { expect } from 'chai';
import { sharedWebStack, type WebStack } from '@tenantry/harness';
import { apiTypeFiles, apiTypesOf, type ApiService } from './support/api-types.js';

describe('web: API types (generated from the services\' OpenAPI documents)', function () {
  this.timeout(120_000);
  let stack: WebStack;

  before(async function () {
    this.timeout(300_000);
    stack = await sharedWebStack();
  });

  for (const service of ['backend', 'platform'] as const satisfies readonly ApiService[]) {
    it(`are those of the ${service}'s /openapi.json as it is served`, async () => {
      const url = `${service === 'backend' ? stack.backend.url : stack.platform.url}/openapi.json`;
      const generated = await apiTypesOf(service, await (await fetch(url)).json() as Record<string, unknown>);
      if (process.env['UPDATE_API_TYPES'] === '1') await writeFile(apiTypeFiles[service], generated);

      const committed = await readFile(apiTypeFiles[service], 'utf8');
      expect(committed === generated, `${apiTypeFiles[service]} is stale: regenerate it with UPDATE_API_TYPES=1 npx mocha web/e2e/api-types.test.ts`).to.equal(true);
    });
  }
});
