// The hidden frame of a silent sign-in (prompt=none) lands on the callback path: it only passes the provider's
// answer to the app in the parent window, which redeems it.
import { UserManager } from 'oidc-client-ts';
import type { RuntimeConfig } from '../runtime-config';
import { CALLBACK_PATH, oidcSettings } from './oidc-settings';

export function isSilentSignInFrame(): boolean {
  return window.parent !== window && window.location.pathname === CALLBACK_PATH;
}

export async function completeSilentSignIn(config: RuntimeConfig): Promise<void> {
  await new UserManager(oidcSettings(config)).signinSilentCallback();
}
