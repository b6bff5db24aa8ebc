// A webhook receiver on loopback for tests: verifies every request with the Standard Webhooks library, fails the
// first attempt of each webhook-id (then succeeds), can leave one request unanswered, and keeps what it saw.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  readonly path: string;
  readonly id: string;
  readonly verified: boolean;
  readonly contentType: string | undefined;
  readonly event: { specversion: string; id: string; source: string; type: string; subject: string; time: string; data: Record<string, unknown> };
  /** The status answered; undefined for the request left unanswered. */
  readonly answered: number | undefined;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** The secret to verify with (known once the subscription is made). */
  secret: string;
  /** Leaves the first request matching this unanswered, as a receiver would while its sender dies. */
  holdFirst: ((event: ReceivedWebhook['event']) => boolean) | undefined;
  /** Answered with 2xx: what a sender may call delivered. */
  delivered(): ReceivedWebhook[];
  stop(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const seen = new Map<string, number>();
  const held: ServerResponse[] = [];
  const receiver: WebhookReceiver = {
    url: '', received: [], secret: '', holdFirst: undefined,
    delivered: () => receiver.received.filter((request) => request.answered !== undefined && request.answered < 300),
    stop: async () => {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)]));
      let verified = true;
      try {
        new Webhook(receiver.secret).verify(body, headers);
      } catch {
        verified = false;
      }
      const id = headers['webhook-id'] ?? '';
      const event = JSON.parse(body) as ReceivedWebhook['event'];
      const attempt = (seen.get(id) ?? 0) + 1;
      seen.set(id, attempt);
      const base = { path: req.url ?? '', id, verified, contentType: req.headers['content-type'], event };
      if (receiver.holdFirst?.(event) === true) {
        receiver.holdFirst = undefined;
        receiver.received.push({ ...base, answered: undefined });
        held.push(res);
        return;
      }
      const status = req.url === '/always-fails' || attempt === 1 ? 503 : 204;
      receiver.received.push({ ...base, answered: status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (receiver as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
