// The web build as the gateway serves it: caching by fingerprint, a strict CSP with a nonce per response, the app's
// routes answered by index.html, and the runtime configuration.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import express from 'express';
import { NONCE_PLACEHOLDER, WEB_CONFIG_PATH, createWebApp } from '../src/web-app.js';

const config = { issuer: 'http://127.0.0.1:8090', clientId: 'tenantry-web', scope: 'openid email profile' };
const indexHtml = `<!doctype html><html><head><link rel="stylesheet" href="styles-ABCD1234.css"></head>
<body><app-root ngCspNonce="${NONCE_PLACEHOLDER}"></app-root><script src="main-EFGH5678.js" type="module"></script></body></html>`;

describe('web app serving', () => {
  const root = mkdtempSync(join(tmpdir(), 'tenantry-web-serving-'));
  let server: Server;
  let base: string;

  before(async () => {
    writeFileSync(join(root, 'index.html'), indexHtml);
    writeFileSync(join(root, 'main-EFGH5678.js'), `console.log(${JSON.stringify('x'.repeat(4096))});`);
    writeFileSync(join(root, 'favicon.ico'), 'icon');
    writeFileSync(join(root, 'chunk-DW-iI2qb.js'), 'export {};');
    const app = express();
    // As with Cognito: the hosted UI (authorization, token, logout) lives on another origin than the issuer.
    app.use(createWebApp({ root, config, identityOrigins: () => Promise.resolve(['https://tenantry.auth.eu-west-1.amazoncognito.com']) }));
    app.use((_req, res) => { res.status(404).send('not found'); });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => {
    server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html uncached, with a strict CSP whose nonce is new each time and given to Angular', async () => {
    const [first, second] = await Promise.all([fetch(`${base}/`), fetch(`${base}/`)]);
    const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];

    for (const response of [first, second]) {
      expect(response.headers.get('cache-control')).to.equal('no-cache');
      expect(response.headers.get('content-type')).to.match(/^text\/html/);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).to.include("script-src 'self';").and.include("object-src 'none'")
        .and.include(`connect-src 'self' ${config.issuer} https://tenantry.auth.eu-west-1.amazoncognito.com;`)
        .and.include(`frame-src 'self' ${config.issuer} https://tenantry.auth.eu-west-1.amazoncognito.com;`);
      expect(csp).to.not.include('unsafe-inline');
      const body = await response.text();
      expect(body).to.include(`ngCspNonce="${nonceOf(csp)}"`).and.not.include(NONCE_PLACEHOLDER);
    }
    expect(nonceOf(first.headers.get('content-security-policy')!)).to.not.equal(nonceOf(second.headers.get('content-security-policy')!));
  });

  it('caches fingerprinted assets for a year, compressed, and revalidates the others', async () => {
    const asset = await fetch(`${base}/main-EFGH5678.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).to.equal(200);
    expect(asset.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).to.equal('gzip');
    expect(await asset.text()).to.include('console.log');

    expect((await fetch(`${base}/chunk-DW-iI2qb.js`)).headers.get('cache-control'), 'a chunk').to.equal('public, max-age=31536000, immutable');
    const plain = await fetch(`${base}/favicon.ico`);
    expect(plain.headers.get('cache-control')).to.equal('no-cache');
  });

  it('answers the app\'s own routes with index.html, and missing files or gateway paths with nothing of the app', async () => {
    const route = await fetch(`${base}/t/acme/entries?status=draft`, { headers: { accept: 'text/html' } });
    expect(route.status).to.equal(200);
    expect(await route.text()).to.include('<app-root');

    for (const path of ['/missing-ABCD1234.js', '/api/entries', '/platform/v1/tenants', '/metrics']) {
      const response = await fetch(`${base}${path}`, { headers: { accept: 'text/html' } });
      expect(response.status, path).to.equal(404);
    }
    expect((await fetch(`${base}/t/acme`, { headers: { accept: 'application/json' } })).status, 'not a page request').to.equal(404);
  });

  it('serves the runtime configuration the build reads at start', async () => {
    const response = await fetch(`${base}${WEB_CONFIG_PATH}`);

    expect(response.headers.get('cache-control')).to.equal('no-cache');
    expect(await response.json()).to.deep.equal(config);
  });

  it('serves nothing of the app from a folder without a build', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'tenantry-web-empty-'));
    const app = express();
    app.use(createWebApp({ root: empty, config }));
    app.use((_req, res) => { res.status(404).send('not found'); });
    const bare = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => bare.once('listening', resolve));
    try {
      const origin = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
      expect((await fetch(`${origin}/`)).status).to.equal(404);
      expect((await fetch(`${origin}/t/acme/entries`, { headers: { accept: 'text/html' } })).status).to.equal(404);
    } finally {
      bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
