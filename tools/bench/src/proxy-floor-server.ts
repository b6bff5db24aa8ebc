// The floor of the gateway's figures, run as its own process: a proxy on the gateway's own HTTP stack (Node's server,
// an undici Pool to the backend, the body read whole first, the answer streamed back) that checks, logs and counts
// nothing. What it costs is what any proxy process in the path costs on this machine; the gateway's own work is the rest.
import http from 'node:http';
import { Pool, type Dispatcher } from 'undici';

const upstreamUrl = process.env['PROXY_FLOOR_UPSTREAM_URL'];
if (upstreamUrl === undefined) throw new Error('PROXY_FLOOR_UPSTREAM_URL names the backend to proxy to');
const origin = new URL(upstreamUrl).origin;
const pool = new Pool(origin, { connections: 256, pipelining: 1, keepAliveTimeout: 30_000 });
// Meaningful for one connection only, or the proxy's own to state.
const notForwarded = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'content-length', 'expect']);

function forwardable(headers: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined && !notForwarded.has(name)) kept[name] = value;
  }
  return kept;
}

function answer(res: http.ServerResponse): Dispatcher.DispatchHandler {
  return {
    onRequestStart() {},
    onResponseStart(_controller, statusCode, headers) {
      res.writeHead(statusCode, forwardable(headers));
    },
    onResponseData(_controller, chunk) {
      res.write(chunk);
    },
    onResponseEnd() {
      res.end();
    },
    onResponseError(_controller, error) {
      if (res.headersSent) res.destroy(error);
      else res.writeHead(502).end(`the proxy floor's upstream failed: ${error.message}`);
    },
  };
}

const server = http.createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
  if (req.url === '/healthz') {
    res.end('{"status":"ok"}');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    pool.dispatch({
      origin, method: req.method ?? 'GET', path: req.url ?? '/', headers: forwardable(req.headers),
      body: chunks.length === 0 ? null : Buffer.concat(chunks),
    }, answer(res));
  });
});
server.listen(Number(process.env['PROXY_FLOOR_PORT'] ?? 0), '127.0.0.1');

const stop = () => {
  server.close();
  server.closeAllConnections();
  void pool.close().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
