// Tests that route templates come out right for nested and parameterized mounts, seen through the access log.
import { expect } from 'chai';
import express from 'express';
import { accessLog, createLogger, problemHandler, startHttpServer } from '../src/index.js';
import type { RunningServer } from '../src/index.js';
import { captureLog } from './support/log-capture.js';
import type { LogCapture } from './support/log-capture.js';

describe('route templates', () => {
  let server: RunningServer;
  let log: LogCapture;

  before(async () => {
    log = captureLog();
    const logger = createLogger({ service: 'route-test', stream: log.stream });
    const app = express();
    app.use(accessLog(logger));

    const members = express.Router();
    members.get('/:memberId', (_req, res) => {
      res.send('member');
    });
    const tenants = express.Router({ mergeParams: true });
    tenants.get('/', (_req, res) => {
      res.send('tenant');
    });
    tenants.use('/members', members);
    tenants.post('/fail', () => {
      throw new Error('nope');
    });
    app.use('/api/tenants/:tenantId', tenants);

    const files = express.Router();
    files.get('/*path', (_req, res) => {
      res.send('file');
    });
    app.use('/files', files);

    const byTwo = express.Router();
    byTwo.get('/x', (_req, res) => {
      res.send('x');
    });
    app.use('/pairs/:a/:b', byTwo);

    app.get('/', (_req, res) => {
      res.send('root');
    });
    app.get('/own-properties', (req, res) => {
      res.json(['baseUrl', 'route'].filter((name) => Object.hasOwn(req, name)));
    });
    app.use(problemHandler(logger));
    server = await startHttpServer({ app, port: 0, logger });
  });

  after(() => server.close());

  async function routeOf(path: string, method = 'GET'): Promise<unknown> {
    const requestId = `rt-${Math.random().toString(36).slice(2)}`;
    await (await fetch(`${server.url}${path}`, { method, headers: { 'x-request-id': requestId } })).text();
    const line = await log.waitFor(`access line for ${path}`, (l) => l.requestId === requestId && l.message === 'request completed');
    return line.route;
  }

  it('puts the mount parameter back into the template', async () => {
    expect(await routeOf('/api/tenants/acme')).to.equal('/api/tenants/:tenantId');
  });

  it('templates routers nested under a parameterized mount', async () => {
    expect(await routeOf('/api/tenants/acme/members/m-42')).to.equal('/api/tenants/:tenantId/members/:memberId');
  });

  it('keeps a static segment that happens to equal a parameter value', async () => {
    expect(await routeOf('/api/tenants/members/members/members')).to.equal('/api/tenants/:tenantId/members/:memberId');
  });

  it('names each of several parameters of one mount', async () => {
    expect(await routeOf('/pairs/same/same/x')).to.equal('/pairs/:a/:b/x');
  });

  it('keeps wildcard route patterns as written', async () => {
    expect(await routeOf('/files/a/b/c.txt')).to.equal('/files/*path');
  });

  it('keeps the template of a route whose error went to the app-level handler', async () => {
    expect(await routeOf('/api/tenants/globex/fail', 'POST')).to.equal('/api/tenants/:tenantId/fail');
  });

  it('decodes percent-encoded parameter values before matching them', async () => {
    expect(await routeOf('/api/tenants/a%20b/members/c%2Fd')).to.equal('/api/tenants/:tenantId/members/:memberId');
  });

  it('reports the root route as "/"', async () => {
    expect(await routeOf('/')).to.equal('/');
  });

  it('records the template through the app\'s request prototype, defining nothing on the request itself', async () => {
    // Given an app that has served a request already (its first one gets the accessors installed)
    await routeOf('/');

    // When a later request asks which of the tracked properties it holds itself
    const own = await (await fetch(`${server.url}/own-properties`)).json();

    // Then none: redefining them on every request object made each one slow to use
    expect(own).to.deep.equal([]);
    expect(await routeOf('/own-properties')).to.equal('/own-properties');
  });
});
