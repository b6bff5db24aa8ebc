// Which URLs the platform agrees to call.
import { expect } from 'chai';
import { refuseWebhookUrl } from '../../src/webhooks/webhook-url.js';

describe('webhook URL policy', () => {
  it('takes https, and http only where allowed', () => {
    expect(refuseWebhookUrl('https://hooks.example.com/tenantry', { allowHttp: false })).to.equal(undefined);
    expect(refuseWebhookUrl('http://127.0.0.1:9/hook', { allowHttp: false })).to.equal('expected an https URL');
    expect(refuseWebhookUrl('http://127.0.0.1:9/hook', { allowHttp: true })).to.equal(undefined);
  });

  it('refuses other schemes, credentials, fragments and what is not a URL', () => {
    const policy = { allowHttp: true };
    expect(refuseWebhookUrl('file:///etc/passwd', policy)).to.equal('expected an https or http URL');
    expect(refuseWebhookUrl('https://user:pw@hooks.example.com/', policy)).to.match(/credentials/);
    expect(refuseWebhookUrl('https://hooks.example.com/#x', policy)).to.match(/fragment/);
    expect(refuseWebhookUrl('/relative', policy)).to.equal('expected an absolute URL');
  });
});
