// The OIDC client's settings: authorization code + PKCE (oidc-client-ts does both), tokens kept in memory only.
import { InMemoryWebStorage, WebStorageStateStore, type UserManagerSettings } from 'oidc-client-ts';
import type { RuntimeConfig } from '../runtime-config';

/** Where the provider sends the browser back, for sign-in and for the silent renewal in a hidden frame alike. */
export const CALLBACK_PATH = '/auth/callback';

export function oidcSettings(config: RuntimeConfig, origin = window.location.origin): UserManagerSettings {
  return {
    authority: config.issuer,
    client_id: config.clientId,
    scope: config.scope,
    response_type: 'code',
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    silent_redirect_uri: `${origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    // Tokens never reach localStorage or sessionStorage; a reload signs in again through the provider's session.
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    automaticSilentRenew: true,
    // Every claim the app needs is in the ID token (the local provider has no userinfo; Cognito's needs a scope).
    loadUserInfo: false,
    monitorSession: false,
  };
}
