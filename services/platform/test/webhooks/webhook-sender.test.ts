// The webhook sender against real local receivers: a delivery, a refusal, a redirect left unfollowed, a receiver too
// slow, and private addresses refused unless allowed.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createWebhookSender, type WebhookSender } from '../../src/webhooks/webhook-sender.js';

describe('webhook sender', () => {
  let receiver: http.Server;
  let url: string;
  const received: Array<{ path: string; body: string; signature: string | undefined }> = [];
  const senders: WebhookSender[] = [];
  const senderWith = (allowPrivateAddresses: boolean, timeoutMs = 2_000) => {
    const sender = createWebhookSender({ urlPolicy: { allowHttp: true, allowPrivateAddresses }, timeoutMs });
    senders.push(sender);
    return sender;
  };

  before(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body, signature: req.headers['webhook-signature'] as string | undefined });
        if (req.url === '/moved') res.writeHead(307, { location: '/hook' }).end();
        else if (req.url === '/busy') res.writeHead(503).end('try later');
        else if (req.url === '/slow') setTimeout(() => res.end(), 1_000).unref();
        else res.writeHead(204).end();
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    received.length = 0;
  });

  after(async () => {
    await Promise.all(senders.map((sender) => sender.close()));
    receiver.closeAllConnections();
    receiver.close();
  });

  it('delivers the event with its headers to a receiver it may reach', async () => {
    const outcome = await senderWith(true)(`${url}/hook`, { 'webhook-signature': 'v1,abc', 'content-type': 'application/json' }, '{"type":"tenant.ready"}');

    expect(outcome).to.include({ succeeded: true, statusCode: 204 });
    expect(received).to.deep.equal([{ path: '/hook', body: '{"type":"tenant.ready"}', signature: 'v1,abc' }]);
  });

  it('fails on an error status, and on a redirect, which it does not follow', async () => {
    const send = senderWith(true);
    expect(await send(`${url}/busy`, {}, '{}')).to.include({ succeeded: false, statusCode: 503, error: 'the receiver answered 503' });
    expect(await send(`${url}/moved`, {}, '{}')).to.include({ succeeded: false, statusCode: 307, error: 'redirects are not followed' });
    expect(received.map((request) => request.path)).to.deep.equal(['/busy', '/moved']);
  });

  it('gives up on a receiver slower than its timeout', async () => {
    const outcome = await senderWith(true, 200)(`${url}/slow`, {}, '{}');

    expect(outcome.succeeded).to.equal(false);
    expect(outcome.error).to.equal('no answer within 200 ms');
  });

  it('sends nothing to a loopback or private receiver unless they are allowed', async () => {
    const send = senderWith(false);
    for (const target of [`${url}/hook`, 'http://localhost:9/hook', 'http://169.254.169.254/latest/meta-data/']) {
      const outcome = await send(target, {}, '{}');
      expect(outcome.succeeded, target).to.equal(false);
      expect(outcome.error, target).to.match(/^URL refused: the address is loopback, private, link-local/);
    }
    expect(received).to.deep.equal([]);
  });
});
