// Every process's HTTP port — operator, identity provider, platform, backend, gateway — takes whatever a stray
// probe, scraper or scanner sends (unknown paths, odd methods, malformed URLs) and answers with a problem
// document, and is still running and healthy afterwards.
import { request as httpRequest } from 'node:http';
import { expect } from 'chai';
import { usePlatformStack, type NodeService } from '@tenantry/harness';

interface RawAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly allow: string | undefined;
  readonly body: string;
}

/** Sends the request line exactly as given: no client-side normalisation of the path or the method. */
function rawRequest(base: string, method: string, path: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({
        status: res.statusCode ?? 0, contentType: res.headers['content-type'], allow: res.headers['allow'], body,
      }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Paths no process serves, as scanners and misconfigured scrapers send them. */
const unknownPaths = [
  '/favicon.ico', '/robots.txt', '/.env', '/wp-login.php', '/api-docs', '/nope/../../etc/passwd', '//', '/a%2F..%2F..%2Fb',
  `/${'x'.repeat(6000)}`, '/healthz/extra', '/metrics.json?format=json',
];
/** Paths that are not valid percent-encoding, or carry bytes no route expects. */
const malformedPaths = ['/%', '/%E0%A4%A', '/%ZZ', '/x%00y', '/%C0%AF', '/%FF%FE'];

describe('every process survives requests it does not serve (integration, all five processes)', function () {
  this.timeout(180_000);
  const stack = usePlatformStack();
  let processes: Record<string, NodeService>;

  before(async () => {
    const backend = await stack().startBackend();
    const gateway = await stack().startGateway(backend);
    processes = { operator: stack().operator, identity: stack().identity, platform: stack().platform, backend, gateway };
  });

  const expectProblem = (answer: RawAnswer, what: string, statuses: readonly number[]) => {
    expect(statuses, `${what}: status ${answer.status} ${answer.body.slice(0, 200)}`).to.include(answer.status);
    expect(answer.contentType, `${what}: content type`).to.match(/^application\/problem\+json/);
    const problem = JSON.parse(answer.body) as { status?: unknown; code?: unknown; detail?: unknown };
    expect(problem.status, `${what}: problem status`).to.equal(answer.status);
    expect(problem.code, `${what}: problem code`).to.be.a('string');
  };

  for (const name of ['operator', 'identity', 'platform', 'backend', 'gateway']) {
    it(`${name}: answers unknown paths with 404, other methods on its probes with 405, malformed paths with 400/404, and stays up`, async () => {
      const service = processes[name]!;
      for (const path of unknownPaths) {
        for (const method of ['GET', 'POST', 'DELETE']) expectProblem(await rawRequest(service.url, method, path), `${method} ${path.slice(0, 60)}`, [404]);
      }
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'PROPFIND']) {
        const answer = await rawRequest(service.url, method, '/healthz');
        expectProblem(answer, `${method} /healthz`, [405]);
        expect(answer.allow, `${method} /healthz: Allow`).to.equal('GET, HEAD');
      }
      for (const path of malformedPaths) expectProblem(await rawRequest(service.url, 'GET', path), `GET ${path}`, [400, 404]);
      // A method the HTTP parser does not know never reaches the app; the process must still shrug it off.
      expect((await rawRequest(service.url, 'BREW', '/')).status).to.equal(400);

      expect(service.process.isRunning(), `${name} is still running`).to.equal(true);
      expect((await rawRequest(service.url, 'GET', '/healthz')).status).to.equal(200);
    });
  }
});
