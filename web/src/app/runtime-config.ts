// The environment the one build runs in, read at start from the gateway's /app-config.json: where users sign in.
import { InjectionToken } from '@angular/core';

export interface RuntimeConfig {
  /** The OIDC issuer (Cognito user pool URL, or the local identity provider). */
  readonly issuer: string;
  /** The public client of the web app (code + PKCE). */
  readonly clientId: string;
  readonly scope: string;
}

export const RUNTIME_CONFIG = new InjectionToken<RuntimeConfig>('RUNTIME_CONFIG');

export async function loadRuntimeConfig(url = '/app-config.json'): Promise<RuntimeConfig> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const config = await response.json() as Partial<RuntimeConfig>;
  if (typeof config.issuer !== 'string' || typeof config.clientId !== 'string') throw new Error(`${url} names no issuer and client`);
  return { issuer: config.issuer, clientId: config.clientId, scope: config.scope ?? 'openid email profile' };
}
