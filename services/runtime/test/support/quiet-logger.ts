// A logger whose lines are kept in memory, for tests that need one but do not assert on it.
import { createLogger } from '../../src/index.js';
import type { Logger } from '../../src/index.js';
import { captureLog } from './log-capture.js';

export function quietLogger(service = 'test'): Logger {
  return createLogger({ service, stream: captureLog().stream });
}
