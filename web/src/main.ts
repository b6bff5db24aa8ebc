// Starts the web app: reads the runtime configuration the gateway serves, then Angular — or, inside the hidden frame
// of a silent sign-in, only hands the provider's answer to the app that opened it.
import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { appConfig } from './app/app.config';
import { completeSilentSignIn, isSilentSignInFrame } from './app/auth/silent-sign-in';
import { loadRuntimeConfig } from './app/runtime-config';

async function start(): Promise<void> {
  const config = await loadRuntimeConfig();
  if (isSilentSignInFrame()) {
    await completeSilentSignIn(config);
    return;
  }
  await bootstrapApplication(App, appConfig(config));
}

start().catch((error: unknown) => {
  document.body.textContent = `Tenantry could not start: ${error instanceof Error ? error.message : String(error)}`;
});
