// The browser login of tenantry-web against a real provider process: code flow with PKCE, in plain HTTP.
import { expect } from 'chai';
import { DEFAULT_API_AUDIENCE, WEB_CLIENT_ID, demoUsers } from '../src/index.js';
import { Browser, type Hop } from './support/browser.js';
import { discover, pkcePair, requestToken, TokenVerifier, useIdentityProcess, type Discovery } from '@tenantry/harness';

const redirectUri = 'http://127.0.0.1:8080/auth/callback';
const web = { clientId: WEB_CLIENT_ID };
const bob = demoUsers.find((user) => user.email === 'bob@acme.example')!;

interface LoginForm {
  readonly action: URL;
  readonly html: string;
}

/** The login page's form: its action, and the page itself for assertions. */
async function loginForm(hop: Hop): Promise<LoginForm> {
  expect(hop.response.status, `login page at ${hop.url.href}`).to.equal(200);
  expect(hop.response.headers.get('content-type')).to.match(/^text\/html/);
  const html = await hop.response.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (action === undefined) throw new Error(`no login form in:\n${html}`);
  return { action: new URL(action.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))), hop.url), html };
}

describe('authorization code flow with PKCE (integration, real process)', function () {
  const identityProcess = useIdentityProcess();
  let identity: { url: string };
  let discovery: Discovery;
  let verifier: TokenVerifier;

  before(async function () {
    identity = identityProcess();
    discovery = await discover(identity.url);
    verifier = new TokenVerifier(discovery);
  });

  /** GET /auth as the web app sends the browser there; returns the login form reached through the redirects. */
  async function startLogin(browser: Browser, challenge: string, state: string): Promise<LoginForm> {
    const authorize = new URL(discovery.authorization_endpoint);
    authorize.search = new URLSearchParams({
      client_id: WEB_CLIENT_ID,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      state,
      nonce: `nonce-${state}`,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    const { last } = await browser.follow(await browser.request(authorize), () => false);
    return loginForm(last);
  }

  /** Logs in through the form and follows the redirects (consent is automatic) to the redirect URI. */
  async function logIn(browser: Browser, form: LoginForm, email: string, password: string): Promise<URL> {
    const { landedAt, last } = await browser.follow(
      await browser.submit(form.action, { email, password }),
      (location) => location.href.startsWith(redirectUri),
    );
    if (landedAt === undefined) throw new Error(`never redirected to ${redirectUri}; last answer ${last.response.status} from ${last.url.href}`);
    return landedAt;
  }

  it('logs a user in and exchanges the code and its verifier for Cognito-shaped tokens', async function () {
    // Given a browser sent to the authorization endpoint with an S256 challenge
    const browser = new Browser();
    const { verifier: codeVerifier, challenge } = pkcePair();
    const form = await startLogin(browser, challenge, 'state-1');
    expect(form.html).to.match(/<label for="email">Email<\/label>/).and.match(/<label for="password">Password<\/label>/);

    // When the user submits the right credentials
    const callback = await logIn(browser, form, bob.email, bob.password);

    // Then the browser lands on the redirect URI with a code, the state and the issuer (RFC 9207)
    expect(callback.searchParams.get('state')).to.equal('state-1');
    expect(callback.searchParams.get('iss')).to.equal(discovery.issuer);
    const code = callback.searchParams.get('code');
    expect(code).to.be.a('string').and.not.empty;

    // And the code with its verifier buys an access token, an ID token and a refresh token
    const { status, body } = await requestToken(discovery.token_endpoint, web, {
      grant_type: 'authorization_code', code: code!, redirect_uri: redirectUri, code_verifier: codeVerifier,
    });
    expect(status, JSON.stringify(body)).to.equal(200);
    expect(body.refresh_token).to.be.a('string');
    const access = await verifier.verify(body.access_token!, { audience: DEFAULT_API_AUDIENCE });
    expect(access.protectedHeader.kid).to.be.a('string');
    expect(access.payload).to.include({ sub: bob.sub, client_id: WEB_CLIENT_ID, token_use: 'access', username: bob.sub, scope: 'openid email profile' });
    expect(access.payload['cognito:groups']).to.deep.equal(['tenant-admins']);
    expect(access.payload['auth_time']).to.be.a('number');
    const id = await verifier.verify(body.id_token!, { audience: WEB_CLIENT_ID });
    expect(id.payload).to.include({ sub: bob.sub, token_use: 'id', email: bob.email, 'custom:tenant_id': 'acme', nonce: 'nonce-state-1' });
    expect(id.payload['auth_time']).to.equal(access.payload['auth_time']);

    // And the code is single-use
    const replay = await requestToken(discovery.token_endpoint, web, {
      grant_type: 'authorization_code', code: code!, redirect_uri: redirectUri, code_verifier: codeVerifier,
    });
    expect(replay.body.error).to.equal('invalid_grant');
  });

  /** A full login of `bob` in `browser`, and the code exchanged for tokens. */
  async function logInForTokens(browser: Browser, state: string) {
    const { verifier: codeVerifier, challenge } = pkcePair();
    const callback = await logIn(browser, await startLogin(browser, challenge, state), bob.email, bob.password);
    const { body } = await requestToken(discovery.token_endpoint, web, {
      grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: redirectUri, code_verifier: codeVerifier,
    });
    return body;
  }

  it('refreshes the tokens for the web app, answering its origin (CORS)', async function () {
    const first = await logInForTokens(new Browser(), 'state-refresh');
    const firstAccess = await verifier.verify(first.access_token!);
    const { status, headers, body } = await requestToken(
      discovery.token_endpoint, web, { grant_type: 'refresh_token', refresh_token: first.refresh_token! }, { origin: 'http://localhost:4200' },
    );
    expect(status, JSON.stringify(body)).to.equal(200);
    expect(headers.get('access-control-allow-origin')).to.equal('http://localhost:4200');
    expect(body.refresh_token).to.be.a('string').and.not.equal(first.refresh_token);
    const access = await verifier.verify(body.access_token!, { audience: DEFAULT_API_AUDIENCE });
    expect(access.payload).to.include({ sub: bob.sub, token_use: 'access', auth_time: firstAccess.payload['auth_time'] });
    expect(access.payload.jti).to.not.equal(firstAccess.payload.jti);
  });

  it('refuses the token endpoint to a browser origin the web client does not redirect to', async function () {
    const tokens = await logInForTokens(new Browser(), 'state-origin');
    const { status, headers, body } = await requestToken(
      discovery.token_endpoint, web, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! }, { origin: 'http://evil.example' },
    );
    expect(status).to.equal(400);
    expect(body.error).to.equal('invalid_request');
    expect(headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('keeps the browser signed in until it signs out at the end_session endpoint', async function () {
    // Given a browser that logged in: a second authorization request needs no login form
    const browser = new Browser();
    const tokens = await logInForTokens(browser, 'state-sso');
    const authorize = new URL(discovery.authorization_endpoint);
    authorize.search = new URLSearchParams({
      client_id: WEB_CLIENT_ID, response_type: 'code', redirect_uri: redirectUri, scope: 'openid',
      code_challenge: pkcePair().challenge, code_challenge_method: 'S256',
    }).toString();
    const silent = await browser.follow(await browser.request(authorize), (location) => location.href.startsWith(redirectUri));
    expect(silent.landedAt?.searchParams.get('code'), 'a code without a login form').to.be.a('string');

    // When it confirms signing out
    const endSession = new URL(String(discovery['end_session_endpoint']));
    endSession.search = new URLSearchParams({
      client_id: WEB_CLIENT_ID, id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'http://127.0.0.1:8080/',
    }).toString();
    const confirmPage = await browser.request(endSession);
    expect(confirmPage.response.status).to.equal(200);
    const html = await confirmPage.response.text();
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)">/.exec(html)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(action, html).to.be.a('string');
    const signedOut = await browser.follow(
      await browser.submit(new URL(action!, endSession), { xsrf: xsrf!, logout: 'yes' }),
      (location) => location.href === 'http://127.0.0.1:8080/',
    );

    // Then it returns to the app, and the next authorization request shows the login form again
    expect(signedOut.landedAt?.href).to.equal('http://127.0.0.1:8080/');
    const { last } = await browser.follow(await browser.request(authorize), () => false);
    await loginForm(last);
  });

  it('refuses to exchange a code with the wrong code_verifier', async function () {
    const browser = new Browser();
    const { challenge } = pkcePair();
    const callback = await logIn(browser, await startLogin(browser, challenge, 'state-2'), bob.email, bob.password);
    const { status, body } = await requestToken(discovery.token_endpoint, web, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: redirectUri,
      code_verifier: pkcePair().verifier,
    });
    expect(status).to.equal(400);
    expect(body.error).to.equal('invalid_grant');
    expect(body).to.not.have.property('access_token');
  });

  it('refuses an authorization request without a PKCE challenge', async function () {
    const authorize = new URL(discovery.authorization_endpoint);
    authorize.search = new URLSearchParams({ client_id: WEB_CLIENT_ID, response_type: 'code', redirect_uri: redirectUri, scope: 'openid', state: 's' }).toString();
    const { response } = await new Browser().request(authorize);
    const location = new URL(response.headers.get('location') ?? '', authorize);
    expect(location.href.startsWith(redirectUri), location.href).to.equal(true);
    expect(location.searchParams.get('error')).to.equal('invalid_request');
  });

  it('shows the login form again, with an accessible error, after a wrong password', async function () {
    const browser = new Browser();
    const form = await startLogin(browser, pkcePair().challenge, 'state-3');
    const retry = await loginForm(await browser.submit(form.action, { email: bob.email, password: 'wrong password' }));
    expect(retry.html).to.include('role="alert"').and.include('Incorrect email or password.');
    expect(retry.html).to.include(`value="${bob.email}"`);
    expect(retry.html).to.not.include('wrong password');
    // The same interaction still accepts the right password.
    const callback = await logIn(browser, retry, bob.email, bob.password);
    expect(callback.searchParams.get('code')).to.be.a('string');
  });

  it('refuses a redirect URI that is not registered, without redirecting to it', async function () {
    const authorize = new URL(discovery.authorization_endpoint);
    authorize.search = new URLSearchParams({
      client_id: WEB_CLIENT_ID, response_type: 'code', redirect_uri: 'http://127.0.0.1:9999/steal', scope: 'openid',
      code_challenge: pkcePair().challenge, code_challenge_method: 'S256',
    }).toString();
    const { response } = await new Browser().request(authorize, { headers: { accept: 'text/html' } });
    expect(response.status).to.equal(400);
    expect(response.headers.get('location')).to.equal(null);
    expect(await response.text()).to.include('redirect_uri');
  });
});
