// A logger that writes nowhere, for code under test that needs one.
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@tenantry/runtime';

export function quietLogger(service = 'platform-test'): Logger {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  return createLogger({ service, stream: sink, level: 'debug' });
}
