// Reads a request's body into memory, bounded in size, before anything upstream is involved: a client dribbling
// its body then holds only its own connection (cut by the server's request timeout), never an upstream socket.
import type { IncomingMessage } from 'node:http';
import { GatewayRejection } from './gateway-errors.js';

/** The body, or undefined for a request without one. Rejects with `body_too_large` past `limitBytes`. */
export function readRequestBody(req: IncomingMessage, limitBytes: number): Promise<Buffer | undefined> {
  const declared = req.headers['content-length'];
  if (declared === undefined && req.headers['transfer-encoding'] === undefined) return Promise.resolve(undefined);
  if (declared !== undefined && Number(declared) > limitBytes) return Promise.reject(tooLarge(limitBytes));
  // Usually the whole body came in with the headers and sits in the stream's buffer already: taken at once, with no
  // listeners and no event-loop round trip to wait for 'end'.
  if (req.complete && req.readableFlowing !== true) {
    const body = (req.read() as Buffer | null) ?? Buffer.alloc(0);
    return body.length > limitBytes ? Promise.reject(tooLarge(limitBytes)) : Promise.resolve(body);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanUp();
        // Nothing more is read: the answer goes out and the connection is not reused.
        req.unpipe();
        reject(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanUp();
      resolve(Buffer.concat(chunks, size));
    };
    const onGone = () => {
      cleanUp();
      reject(new GatewayRejection('client_gone', 'The client closed the request before sending all of it.'));
    };
    const cleanUp = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('aborted', onGone);
      req.off('error', onGone);
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('aborted', onGone);
    req.once('error', onGone);
  });
}

const tooLarge = (limitBytes: number) =>
  new GatewayRejection('body_too_large', `The request body is larger than the gateway's ${limitBytes}-byte limit.`);
