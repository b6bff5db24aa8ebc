// Turns oidc-provider's events into log lines and metrics; request parameters (passwords, secrets) are never logged.
import type { default as Provider, KoaContextWithOIDC, errors } from 'oidc-provider';
import type { Logger } from '@tenantry/runtime';
import type { IdentityMetrics } from './identity-metrics.js';

export interface ProviderEventOptions {
  readonly logger: Logger;
  readonly metrics: IdentityMetrics;
}


export function observeProvider(provider: Provider, { logger, metrics }: ProviderEventOptions): void {
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    const { grantType, clientId } = grantOf(ctx);
    metrics.tokenRequest(grantType, clientId, 'issued');
    logger.info('tokens issued', { grantType, clientId, sub: ctx.oidc.entities.Account?.accountId });
  });
  provider.on('grant.error', (ctx: KoaContextWithOIDC, error: errors.OIDCProviderError) => {
    const { grantType, clientId } = grantOf(ctx);
    metrics.tokenRequest(grantType, clientId, 'refused', error.error);
    logger.info('token request refused', { grantType, clientId, error: error.error, description: error.error_description });
  });
  // Endpoint errors a client causes (bad request, expired interaction): worth a line, not an alarm.
  const refused = (ctx: KoaContextWithOIDC, error: errors.OIDCProviderError): void => {
    logger.info('request refused', { route: ctx.oidc?.route, error: error.error, description: error.error_description });
  };
  provider.on('authorization.error', refused);
  provider.on('end_session.error', refused);
  provider.on('pushed_authorization_request.error', refused);
  provider.on('server_error', (ctx: KoaContextWithOIDC, error: Error) => {
    if (ctx.oidc?.route === 'token') {
      const { grantType, clientId } = grantOf(ctx);
      metrics.tokenRequest(grantType, clientId, 'failed', 'server_error');
    }
    logger.error('provider request failed', { route: ctx.oidc?.route, error });
  });
}

function grantOf(ctx: KoaContextWithOIDC): { grantType: string; clientId: string } {
  const grantType = ctx.oidc?.params?.['grant_type'];
  return {
    grantType: typeof grantType === 'string' ? grantType : 'none',
    // Set only once the client authenticated, so the label never carries an unknown caller's input.
    clientId: ctx.oidc?.client?.clientId ?? 'unauthenticated',
  };
}
