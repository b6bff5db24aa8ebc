// Mocha global fixture: stops the shared environment once every suite has run, failed or not.
import { stopSharedEnvironment } from './shared-environment.js';

export async function mochaGlobalTeardown(): Promise<void> {
  await stopSharedEnvironment();
}
