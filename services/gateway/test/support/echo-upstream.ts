// A small upstream standing in for the backend: answers with the headers and body it received and what the internal token says.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWTPayload } from 'jose';

export interface EchoAnswer {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** The verified internal token's claims, or why it did not verify. */
  readonly claims?: JWTPayload;
  readonly tokenError?: string;
}

export interface EchoUpstream {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `verify` checks the bearer token as the backend will (the platform's JWKS, issuer, audience, typ); `port`
 * starts it again where it was before (a free port otherwise).
 */
export async function startEchoUpstream(verify: (token: string) => Promise<JWTPayload>, { port = 0 }: { port?: number } = {}): Promise<EchoUpstream> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void (async () => {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const verified = token === undefined
        ? { tokenError: 'no bearer token' }
        : await verify(token).then((claims) => ({ claims }), (error: unknown) => ({ tokenError: (error as Error).message }));
      const answer: EchoAnswer = {
        method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), ...verified,
      };
      res.writeHead(200, { 'content-type': 'application/json', 'x-echo': 'yes' }).end(JSON.stringify(answer));
    })());
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
