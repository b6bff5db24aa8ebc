// The login page: labelled fields, the error announced, and every value escaped.
import { expect } from 'chai';
import { renderLoginPage } from '../src/login-page.js';

describe('login page', function () {
  it('labels both fields and posts to the interaction', function () {
    const html = renderLoginPage({ action: '/interaction/abc/login', clientName: 'Tenantry web' });
    expect(html).to.include('<form method="post" action="/interaction/abc/login">');
    expect(html).to.include('<label for="email">Email</label>').and.include('<input id="email" name="email" type="email"');
    expect(html).to.include('<label for="password">Password</label>').and.include('autocomplete="current-password"');
    expect(html).to.include('<html lang="en">').and.not.include('role="alert"');
    expect(html).to.not.match(/<(script|link|img)\b/);
  });

  it('announces the error and ties it to the fields', function () {
    const html = renderLoginPage({ action: '/x', clientName: 'App', email: 'bob@acme.example', error: 'Incorrect email or password.' });
    expect(html).to.include('<p class="error" id="login-error" role="alert">Incorrect email or password.</p>');
    expect(html).to.include('aria-describedby="login-error"').and.include('value="bob@acme.example"');
  });

  it('escapes what came from the request', function () {
    const html = renderLoginPage({ action: '/x', clientName: '<App>', email: '"><script>alert(1)</script>' });
    expect(html).to.not.include('<script>').and.not.include('<App>');
    expect(html).to.include('&#34;&#62;&#60;script&#62;');
  });
});
