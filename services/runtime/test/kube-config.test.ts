// KeepAliveKubeConfig: every API request of one cluster and user shares one connection pool, built once.
import { expect } from 'chai';
import { HttpMethod, RequestContext } from '@kubernetes/client-node';
import { KeepAliveKubeConfig } from '../src/index.js';

const kubeconfig = (server: string) => JSON.stringify({
  apiVersion: 'v1', kind: 'Config', 'current-context': 'test',
  clusters: [{ name: 'test', cluster: { server, 'certificate-authority-data': Buffer.from('not a real CA').toString('base64') } }],
  users: [{ name: 'admin', user: { token: 'secret-token' } }],
  contexts: [{ name: 'test', context: { cluster: 'test', user: 'admin' } }],
});

class CountingKubeConfig extends KeepAliveKubeConfig {
  built = 0;
  override createDispatcherOptions(...args: Parameters<KeepAliveKubeConfig['createDispatcherOptions']>): ReturnType<KeepAliveKubeConfig['createDispatcherOptions']> {
    const options = super.createDispatcherOptions(...args);
    if (options.type !== 'none') this.built++;
    return options;
  }
}

describe('KeepAliveKubeConfig', () => {
  it('gives every request the one dispatcher it built for the first, with the credentials applied each time', async () => {
    const config = new CountingKubeConfig();
    config.loadFromString(kubeconfig('https://127.0.0.1:6443'));
    const contexts = Array.from({ length: 3 }, () => new RequestContext('https://127.0.0.1:6443/api', HttpMethod.GET));

    for (const context of contexts) await config.applySecurityAuthentication(context);

    const [first, ...rest] = contexts.map((context) => context.getDispatcher());
    expect(first).to.not.equal(undefined);
    for (const dispatcher of rest) expect(dispatcher).to.equal(first);
    expect(config.built, 'dispatcher options built').to.equal(1);
    for (const context of contexts) expect(context.getHeaders()['Authorization']).to.equal('Bearer secret-token');
  });
});
