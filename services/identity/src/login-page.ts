// The login form of the code flow: e-mail and password, the error of the last attempt, nothing else.
import { escapeHtml, renderPage } from './html-page.js';

export interface LoginPageOptions {
  /** Where the form posts (the interaction's login URL). */
  readonly action: string;
  /** The application asking the user to sign in (its client name). */
  readonly clientName: string;
  /** Kept after a failed attempt so the user only retypes the password. */
  readonly email?: string;
  readonly error?: string;
}

export function renderLoginPage({ action, clientName, email = '', error }: LoginPageOptions): string {
  const alert = error === undefined ? '' : `<p class="error" id="login-error" role="alert">${escapeHtml(error)}</p>\n`;
  const describedBy = error === undefined ? '' : ' aria-describedby="login-error" aria-invalid="true"';
  return renderPage('Sign in', `<h1>Sign in</h1>
<p>to continue to ${escapeHtml(clientName)}</p>
${alert}<form method="post" action="${escapeHtml(action)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required${email === '' ? ' autofocus' : ''} value="${escapeHtml(email)}"${describedBy}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${email === '' ? '' : ' autofocus'}${describedBy}>
<button type="submit">Sign in</button>
</form>
<p class="note">Local identity provider for development; <code>make dev</code> prints the demo logins.</p>`);
}
