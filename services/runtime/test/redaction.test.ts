// Tests for the redaction rules on their own: free-text patterns, odd value types, and no false alarms.
import { expect } from 'chai';
import { REDACTED, isSensitiveKey, redact, redactString } from '../src/index.js';

describe('redactString', () => {
  it('redacts key=value secrets in query strings and DSNs', () => {
    expect(redactString('GET /callback?code=abc&access_token=xyz123&state=s')).to.equal(
      'GET /callback?code=abc&access_token=[REDACTED]&state=s',
    );
    expect(redactString('host=db user=app password=hunter2 dbname=x')).to.equal(
      'host=db user=app password=[REDACTED] dbname=x',
    );
  });

  it('redacts secrets in raw JSON text', () => {
    expect(redactString('{"username":"alice","password":"hunter2"}')).to.equal(
      '{"username":"alice","password":"[REDACTED]"}',
    );
  });

  it('leaves prose such as "invalid token: expired" readable', () => {
    expect(redactString('invalid token: expired')).to.equal('invalid token: expired');
  });

  it('redacts a JWT whose signature is empty (alg none)', () => {
    expect(redactString('got eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0. from client')).to.equal(`got ${REDACTED} from client`);
  });

  it('redacts the password of every credentialed URL in one string', () => {
    expect(redactString('a=redis://:pw1@cache:6379 b=amqp://u:pw2@mq/vhost')).to.equal(
      'a=redis://:[REDACTED]@cache:6379 b=amqp://u:[REDACTED]@mq/vhost',
    );
  });

  it('leaves host:port URLs and e-mail addresses alone', () => {
    const text = 'see https://platform:8443/x?y=1 or write to ops@example.com';
    expect(redactString(text)).to.equal(text);
  });
});

describe('redact', () => {
  it('turns maps, sets, typed arrays and URLs into JSON-safe values', () => {
    const value = {
      map: new Map<unknown, unknown>([['password', 'x'], [1, 'one']]),
      set: new Set(['a', 'b']),
      bytes: Buffer.from('secret'),
      url: new URL('https://u:p@host/path'),
      fn: () => 1,
      nan: Number.NaN,
    };

    expect(redact(value)).to.deep.equal({
      map: { password: REDACTED, 1: 'one' },
      set: ['a', 'b'],
      bytes: '[Buffer 6 bytes]',
      url: `https://u:${REDACTED}@host/path`,
      nan: 'NaN',
    });
  });

  it('cuts very deep structures instead of recursing forever', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 50; i++) deep = { next: deep };

    expect(JSON.stringify(redact(deep))).to.include('[Truncated]');
  });

  it('keeps shared (non-circular) references intact', () => {
    const shared = { id: 1 };

    expect(redact({ a: shared, b: shared })).to.deep.equal({ a: { id: 1 }, b: { id: 1 } });
  });

  it('does not change the value it was given', () => {
    const original = { password: 'hunter2', nested: { token: 't' } };

    redact(original);

    expect(original).to.deep.equal({ password: 'hunter2', nested: { token: 't' } });
  });
});

describe('isSensitiveKey', () => {
  it('matches secret-like key names and not ordinary ones', () => {
    expect(['password', 'x-api-key', 'Cookie', 'clientSecret'].every(isSensitiveKey)).to.equal(true);
    expect(['tenantId', 'host', 'user', 'durationMs'].some(isSensitiveKey)).to.equal(false);
  });

  it('keeps fields that describe a secret without being one', () => {
    expect(['tokenIssuer', 'secretName', 'tokenTtl', 'token_type', 'tokenUse', 'passwordExpiresAt', 'tokenId', 'jwksUrl'].some(isSensitiveKey)).to.equal(false);
    expect(['accessToken', 'id_token', 'refreshToken', 'passwordHash', 'x-api-key', 'secretValue'].every(isSensitiveKey)).to.equal(true);
  });
});
