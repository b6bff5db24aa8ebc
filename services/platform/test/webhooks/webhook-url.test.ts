// Which URLs the platform agrees to call.
import { expect } from 'chai';
import { privateRefusal, refuseWebhookUrl } from '../../src/webhooks/webhook-url.js';

describe('webhook URL policy', () => {
  it('takes https, and http only where allowed', () => {
    expect(refuseWebhookUrl('https://hooks.example.com/tenantry', { allowHttp: false, allowPrivateAddresses: true })).to.equal(undefined);
    expect(refuseWebhookUrl('http://127.0.0.1:9/hook', { allowHttp: false, allowPrivateAddresses: true })).to.equal('expected an https URL');
    expect(refuseWebhookUrl('http://127.0.0.1:9/hook', { allowHttp: true, allowPrivateAddresses: true })).to.equal(undefined);
  });

  it('refuses other schemes, credentials, fragments and what is not a URL', () => {
    const policy = { allowHttp: true, allowPrivateAddresses: true };
    expect(refuseWebhookUrl('file:///etc/passwd', policy)).to.equal('expected an https or http URL');
    expect(refuseWebhookUrl('https://user:pw@hooks.example.com/', policy)).to.match(/credentials/);
    expect(refuseWebhookUrl('https://hooks.example.com/#x', policy)).to.match(/fragment/);
    expect(refuseWebhookUrl('/relative', policy)).to.equal('expected an absolute URL');
  });

  it('refuses loopback, private and link-local hosts unless they are allowed, whichever way they are written', () => {
    const policy = { allowHttp: true, allowPrivateAddresses: false };
    for (const url of [
      'http://127.0.0.1:9/hook', 'http://localhost:9/hook', 'http://LOCALHOST./hook', 'http://hooks.localhost/', 'http://[::1]/',
      'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.7/', 'http://[fd00:ec2::254]/', 'http://0x7f.1/', 'http://[::ffff:10.0.0.1]/',
    ]) {
      expect(refuseWebhookUrl(url, policy), url).to.equal(privateRefusal);
      expect(refuseWebhookUrl(url, { ...policy, allowPrivateAddresses: true }), url).to.equal(undefined);
    }
    // Names are checked where the connection is made, on what they resolve to then (webhook-address.ts).
    expect(refuseWebhookUrl('https://hooks.example.com/', policy)).to.equal(undefined);
    expect(refuseWebhookUrl('https://8.8.8.8/', policy)).to.equal(undefined);
  });
});
