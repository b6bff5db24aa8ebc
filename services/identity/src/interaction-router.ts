// The code flow's user interactions: the login form, and consent granted automatically to first-party clients.
import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { errors, type default as Provider, type Interaction } from 'oidc-provider';
import { z } from 'zod';
import type { Logger } from '@tenantry/runtime';
import { PAGE_CONTENT_SECURITY_POLICY } from './html-page.js';
import type { IdentityMetrics } from './identity-metrics.js';
import { renderLoginPage } from './login-page.js';
import { renderErrorPage } from './provider-pages.js';
import type { UserDirectory } from './user-directory.js';

export interface InteractionRouterOptions {
  readonly provider: Provider;
  readonly users: UserDirectory;
  /** Client ids whose consent is granted without asking (every client registered here is ours). */
  readonly firstPartyClients: ReadonlySet<string>;
  /** Client id → display name for the login page. */
  readonly clientNames: ReadonlyMap<string, string>;
  readonly logger: Logger;
  readonly metrics: IdentityMetrics;
}

/** Where oidc-provider sends the browser for an interaction (its `interactions.url`), relative to the mount path. */
export const interactionPath = (uid: string): string => `/interaction/${encodeURIComponent(uid)}`;

const loginForm = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

const INVALID_LOGIN = 'Incorrect email or password.';

export function interactionRouter(options: InteractionRouterOptions): Router {
  const { provider, users, logger, metrics } = options;
  const router = Router();

  router.get('/interaction/:uid', async (req, res) => {
    const interaction = await currentInteraction(provider, req, res);
    const clientId = String(interaction.params['client_id']);
    switch (interaction.prompt.name) {
      case 'login':
        sendPage(res, 200, renderLoginPage({ action: loginAction(req), clientName: clientName(options, clientId) }));
        return;
      case 'consent':
        await finishConsent(options, interaction, req, res);
        return;
      default:
        throw new errors.InvalidRequest(`unsupported interaction prompt ${interaction.prompt.name}`);
    }
  });

  router.post('/interaction/:uid/login', express.urlencoded({ extended: false, limit: '8kb' }), async (req, res) => {
    const interaction = await currentInteraction(provider, req, res);
    if (interaction.prompt.name !== 'login') throw new errors.InvalidRequest('this interaction does not expect a login');
    const clientId = String(interaction.params['client_id']);
    const form = loginForm.safeParse(req.body);
    const user = form.success ? await users.authenticate(form.data.email, form.data.password) : undefined;
    if (user === undefined) {
      metrics.loginAttempt('failure');
      // Only the rejection is logged: what was typed (a password in the e-mail field, say) never is.
      logger.info('login refused', { clientId, interaction: interaction.uid });
      const email = form.success ? form.data.email : '';
      sendPage(res, 200, renderLoginPage({ action: loginAction(req), clientName: clientName(options, clientId), email, error: INVALID_LOGIN }));
      return;
    }
    metrics.loginAttempt('success');
    logger.info('user logged in', { sub: user.sub, clientId, interaction: interaction.uid });
    await provider.interactionFinished(req, res, { login: { accountId: user.sub, amr: ['pwd'] } }, { mergeWithLastSubmission: false });
  });

  router.use(interactionErrorPage);
  return router;
}

/** The interaction of the browser's cookie, which must be the one in the URL (not an older tab's). */
async function currentInteraction(provider: Provider, req: Request, res: Response): Promise<Interaction> {
  const interaction = await provider.interactionDetails(req, res);
  if (interaction.uid !== req.params['uid']) throw new errors.SessionNotFound('interaction does not match this browser session');
  return interaction;
}

async function finishConsent(options: InteractionRouterOptions, interaction: Interaction, req: Request, res: Response): Promise<void> {
  const { provider, firstPartyClients, logger } = options;
  const clientId = String(interaction.params['client_id']);
  if (!firstPartyClients.has(clientId) || interaction.session === undefined) {
    await provider.interactionFinished(req, res, { error: 'consent_required', error_description: 'third-party consent is not supported here' });
    return;
  }
  const grant = (interaction.grantId === undefined ? undefined : await provider.Grant.find(interaction.grantId))
    ?? new provider.Grant({ accountId: interaction.session.accountId, clientId });
  // Grant exactly what the authorization request asked for and the prompt found missing.
  const details = interaction.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (details.missingOIDCScope !== undefined) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims !== undefined) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    grant.addResourceScope(resource, scopes.join(' '));
  }
  const grantId = await grant.save();
  logger.debug('consent granted', { clientId, sub: interaction.session.accountId, interaction: interaction.uid });
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

function loginAction(req: Request): string {
  return `${req.baseUrl}${interactionPath(String(req.params['uid']))}/login`;
}

function clientName(options: InteractionRouterOptions, clientId: string): string {
  return options.clientNames.get(clientId) ?? clientId;
}

function sendPage(res: Response, status: number, html: string): void {
  res.status(status);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', PAGE_CONTENT_SECURITY_POLICY);
  res.type('html').send(html);
}

/** oidc-provider errors (expired interaction, missing cookie) as an HTML page: a browser is on the other end. */
const interactionErrorPage: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (!(error instanceof errors.OIDCProviderError) || res.headersSent) {
    next(error);
    return;
  }
  sendPage(res, error.statusCode, renderErrorPage({ error: error.error, error_description: error.error_description }));
};
