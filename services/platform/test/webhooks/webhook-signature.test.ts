// Standard Webhooks signatures as a receiver checks them with the spec's own npm library, and the sealed secrets.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { createSecretBox } from '../../src/webhooks/webhook-secret-box.js';
import { newWebhookSecret, signWebhook } from '../../src/webhooks/webhook-signature.js';

describe('webhook signatures', () => {
  it('signs so that the Standard Webhooks library verifies the body, and refuses it changed', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ specversion: '1.0', type: 'tenant.ready', id: 'e1' });
    const headers = signWebhook(secret, 'msg_1', Math.floor(Date.now() / 1000), body);

    expect(new Webhook(secret).verify(body, { ...headers })).to.deep.equal(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('ready', 'deleted'), { ...headers })).to.throw(WebhookVerificationError);
    expect(() => new Webhook(newWebhookSecret()).verify(body, { ...headers })).to.throw(WebhookVerificationError);
  });

  it('makes whsec_ secrets of 32 random bytes', () => {
    const secret = newWebhookSecret();
    expect(secret).to.match(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).to.have.length(32);
    expect(newWebhookSecret()).to.not.equal(secret);
  });

  it('seals a secret so that only its own subscription opens it, under the same key', () => {
    const box = createSecretBox(randomBytes(32));
    const sealed = box.seal('whsec_abc', 'sub-1');

    expect(sealed).to.not.include('whsec_abc');
    expect(box.open(sealed, 'sub-1')).to.equal('whsec_abc');
    expect(() => box.open(sealed, 'sub-2')).to.throw();
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'sub-1')).to.throw();
  });
});
