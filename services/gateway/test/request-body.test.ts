// readRequestBody against a real server: a body already received whole, one still arriving, bounds in both cases.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { expect } from 'chai';
import type { GatewayRejection } from '../src/gateway-errors.js';
import { readRequestBody } from '../src/request-body.js';

const LIMIT = 1_000;

interface Outcome {
  readonly complete: boolean;
  readonly body?: string;
  readonly reason?: string;
}

describe('readRequestBody', () => {
  let server: http.Server;
  let port: number;
  // Whether the server waits for the whole request to arrive before reading it, as the gateway does after its checks.
  let waitForArrival = true;
  const outcomes: Outcome[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      void (async () => {
        if (waitForArrival && !req.complete) await nextTurn();
        const complete = req.complete;
        try {
          const body = await readRequestBody(req, LIMIT);
          outcomes.push({ complete, ...(body === undefined ? {} : { body: body.toString('utf8') }) });
          res.end('ok');
        } catch (error) {
          outcomes.push({ complete, reason: (error as GatewayRejection).reason });
          res.writeHead(413, { connection: 'close' }).end();
        }
      })();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    outcomes.length = 0;
    waitForArrival = true;
  });

  /** Writes `pieces` to one connection, each after the previous one was answered or a turn later, and reads the status. */
  async function send(...pieces: string[]): Promise<number> {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    for (const piece of pieces) {
      socket.write(piece);
      await nextTurn();
    }
    await once(socket, 'close').catch(() => undefined);
    return Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
  }

  const post = (headers: string, body: string) => `POST /entries HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${headers}\r\n${body}`;

  it('takes a body that arrived whole with its headers from the buffer', async () => {
    expect(await send(post('Content-Length: 11\r\n', 'hello there'))).to.equal(200);

    expect(outcomes).to.deep.equal([{ complete: true, body: 'hello there' }]);
  });

  it('waits for a body still arriving, in pieces and chunked', async () => {
    waitForArrival = false;
    const status = await send(
      'POST /entries HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n', '5\r\nhello\r\n', '6\r\n there\r\n', '0\r\n\r\n',
    );

    expect(status).to.equal(200);
    expect(outcomes).to.deep.equal([{ complete: false, body: 'hello there' }]);
  });

  it('gives an empty body for Content-Length: 0 and none for a request without a body', async () => {
    expect(await send(post('Content-Length: 0\r\n', ''))).to.equal(200);
    expect(await send('GET /entries HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).to.equal(200);

    expect(outcomes).to.deep.equal([{ complete: true, body: '' }, { complete: true }]);
  });

  it('refuses a body over the limit, announced, chunked and whole, or chunked and still arriving', async () => {
    const big = 'x'.repeat(LIMIT + 1);
    const chunked = `${(LIMIT + 1).toString(16)}\r\n${big}\r\n0\r\n\r\n`;
    expect(await send(post(`Content-Length: ${big.length}\r\n`, big))).to.equal(413);
    expect(await send(post('Transfer-Encoding: chunked\r\n', chunked))).to.equal(413);
    waitForArrival = false;
    expect(await send('POST /entries HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n', chunked)).to.equal(413);

    expect(outcomes.map((outcome) => outcome.reason)).to.deep.equal(['body_too_large', 'body_too_large', 'body_too_large']);
    // The second was refused from the buffer, the third while it arrived.
    expect(outcomes.map((outcome) => outcome.complete).slice(1)).to.deep.equal([true, false]);
  });
});
