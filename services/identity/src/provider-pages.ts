// The pages oidc-provider renders itself (errors, logout confirmation, signed out), in our layout.
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { PAGE_CONTENT_SECURITY_POLICY, escapeHtml, renderPage } from './html-page.js';

type Features = NonNullable<Configuration['features']>;
type Logout = NonNullable<Features['rpInitiatedLogout']>;

function send(ctx: KoaContextWithOIDC, html: string): void {
  ctx.type = 'html';
  ctx.set('Content-Security-Policy', PAGE_CONTENT_SECURITY_POLICY);
  ctx.body = html;
}

/** An OAuth error (`invalid_request`, `session_not_found`…) and its description, for a human. */
export function renderErrorPage(out: { error: string; error_description?: string | undefined }): string {
  const description = out.error_description === undefined ? '' : `<p>${escapeHtml(out.error_description)}</p>\n`;
  return renderPage('Sign-in error', `<h1>Something went wrong</h1>
<p class="error" role="alert"><code>${escapeHtml(out.error)}</code></p>
${description}<p class="note">Start again from the application you came from.</p>`);
}

/** oidc-provider's `renderError`. */
export const renderError: NonNullable<Configuration['renderError']> = (ctx, out) => {
  send(ctx, renderErrorPage(out));
};

/** Asks before ending the session; `form` is oidc-provider's own form (it carries the XSRF token). */
export const logoutSource: NonNullable<Logout['logoutSource']> = (ctx, form) => {
  send(ctx, renderPage('Sign out', `<h1>Sign out?</h1>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`));
};

export const postLogoutSuccessSource: NonNullable<Logout['postLogoutSuccessSource']> = (ctx) => {
  send(ctx, renderPage('Signed out', '<h1>Signed out</h1>\n<p>You have signed out of the Tenantry identity provider.</p>'));
};
