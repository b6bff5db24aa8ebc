// Client definitions: the defaults, IDENTITY_CLIENTS validation, and the oidc-provider metadata they become.
import { expect } from 'chai';
import { ConfigError } from '@tenantry/runtime';
import { defaultClients, loadClientDefinitions, toClientMetadata } from '../src/oidc-clients.js';

const defaults = defaultClients({
  webRedirectUris: ['http://localhost:4200/auth/callback', 'http://127.0.0.1:8080/auth/callback'],
  cliSecret: 'cli-secret-0123456789',
  servicesSecret: 'services-secret-0123456789',
});

describe('oidc clients', function () {
  it('registers the web client as a public code-flow client with exact redirect URIs', function () {
    expect(toClientMetadata(defaults[0]!)).to.deep.include({
      client_id: 'tenantry-web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['http://localhost:4200/auth/callback', 'http://127.0.0.1:8080/auth/callback'],
      post_logout_redirect_uris: ['http://localhost:4200/', 'http://127.0.0.1:8080/'],
      scope: 'openid email profile',
    });
  });

  it('registers the CLI and services clients as confidential, and keeps custom scopes out of the metadata', function () {
    const [, cli, services] = defaults.map(toClientMetadata);
    expect(cli).to.deep.include({ client_id: 'tenantry-cli', token_endpoint_auth_method: 'client_secret_basic', grant_types: ['password'], response_types: [] });
    expect(services).to.deep.include({ client_id: 'tenantry-services', grant_types: ['client_credentials'] });
    expect(services).to.not.have.property('scope');
  });

  it('reads client definitions from IDENTITY_CLIENTS', async function () {
    const clients = await loadClientDefinitions({
      json: JSON.stringify([{ clientId: 'admin-ui', grantTypes: ['authorization_code'], redirectUris: ['https://admin.example/cb'], scope: 'openid' }]),
    });
    expect(clients).to.have.length(1);
    expect(clients![0]).to.include({ clientId: 'admin-ui', firstParty: true });
  });

  it('refuses a public client asking for the password grant, and says where', async function () {
    let failure: unknown;
    await loadClientDefinitions({ json: JSON.stringify([{ clientId: 'x', grantTypes: ['password'], scope: 'openid' }]) })
      .catch((error: unknown) => (failure = error));
    expect((failure as ConfigError).problems[0]).to.include({ variable: 'IDENTITY_CLIENTS.0.clientSecret' });
  });

  it('does not echo IDENTITY_CLIENTS when it is not JSON (it may hold secrets)', async function () {
    let failure: unknown;
    await loadClientDefinitions({ json: '[{"clientSecret": "hunter2hunter2hunter2"' }).catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(ConfigError);
    expect((failure as ConfigError).message).to.not.include('hunter2');
  });
});
