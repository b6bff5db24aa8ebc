// The log secret scanner on real credential shapes, and on the redacted lines the runtime logger writes.
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { scanForSecrets } from '../src/secret-scanner.js';

function signedJwt(): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub: 'alice', exp: 2_000_000_000 })}`;
  return `${unsigned}.${createHmac('sha256', randomBytes(32)).update(unsigned).digest('base64url')}`;
}

const logLine = (fields: Record<string, unknown>) => JSON.stringify({ level: 'info', message: 'request', service: 'gateway', ...fields });

describe('secret scanner', () => {
  it('finds a signed JWT anywhere in a line', () => {
    expect(scanForSecrets(logLine({ detail: `token was ${signedJwt()}` }))).to.deep.equal([{ line: 1, kind: 'jwt' }]);
  });

  it('finds an unsigned (alg none) JWT', () => {
    const token = signedJwt().replace(/\.[^.]*$/, '.');
    expect(scanForSecrets(`rejected ${token} for the tenant`).map((finding) => finding.kind)).to.include('jwt');
  });

  it('finds a bearer token in a header dump, and says which line', () => {
    const text = ['starting', logLine({ headers: { authorization: `Bearer ${randomBytes(24).toString('base64url')}1` } }), 'done'].join('\n');
    expect(scanForSecrets(text)).to.deep.equal([{ line: 2, kind: 'bearer-token' }]);
  });

  it('finds the password of a connection URI', () => {
    const uri = `postgresql://postgres:${randomBytes(18).toString('base64url')}@127.0.0.1:5432/postgres`;
    expect(scanForSecrets(logLine({ databaseUrl: uri }))).to.deep.equal([{ line: 1, kind: 'uri-password' }]);
  });

  it('finds password and client secret fields in JSON, query strings and key=value text', () => {
    for (const text of [
      logLine({ body: { username: 'alice', password: 'Acme-alice-1' } }),
      'POST /token grant_type=password&username=alice&password=Acme-alice-1',
      'PGPASSWORD=s3cr3t-value psql',
      logLine({ client_secret: 'tenantry-cli-dev-secret' }),
    ]) {
      expect(scanForSecrets(text).map((finding) => finding.kind), text).to.include('password-field');
    }
  });

  it('finds a PEM private key, whatever its algorithm', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(scanForSecrets(logLine({ key: pem })).map((finding) => finding.kind)).to.include('pem-private-key');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(scanForSecrets(rsa)).to.deep.include({ line: 1, kind: 'pem-private-key' });
  });

  it('finds a known secret value, also as it appears escaped inside JSON', () => {
    const secret = 'pa"ss\\word-Z9';
    expect(scanForSecrets(`copied ${secret} around`, [secret])).to.deep.equal([{ line: 1, kind: 'known-secret' }]);
    expect(scanForSecrets(logLine({ note: `was ${secret}` }), [secret])).to.deep.equal([{ line: 1, kind: 'known-secret' }]);
  });

  it('passes the lines the runtime writes after redaction', () => {
    const text = [
      logLine({ headers: { authorization: '[REDACTED]', cookie: '[REDACTED]' } }),
      logLine({ databaseUrl: 'postgresql://tenant_acme:[REDACTED]@127.0.0.1:5432/acme', password: '[REDACTED]' }),
      logLine({ error: { message: 'Bearer [REDACTED] refused', detail: 'password authentication failed for user "acme"' } }),
      logLine({ secretName: 'tenant-acme-db', clientSecret: null, hasPassword: true }),
      'WWW-Authenticate: Bearer realm="tenantry", error="invalid_token"',
      logLine({ message: 'missing Bearer token', route: '/api/entries/:id', tokenType: 'at+jwt' }),
    ].join('\n');
    expect(scanForSecrets(text, ['a-password-never-logged'])).to.deep.equal([]);
  });

  it('ignores known values too short to tell from ordinary words', () => {
    expect(scanForSecrets('the acme tenant', ['acme'])).to.deep.equal([]);
  });
});
