// What an upstream receives: no hop-by-hop or client-forged identity headers, the gateway's own added.
import { expect } from 'chai';
import { forwardedHeaders, isForgeableHeader, responseHeaders } from '../src/forwarded-headers.js';

const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('forwarded headers', () => {
  it('strips every client-sent internal identity header and keeps X-Tenant-Id', () => {
    const incoming = {
      'x-internal-user': 'admin', 'x-internal-tenant': 'globex', 'x-tenant-roles': 'tenant-admin', 'x-tenant-permissions': '*',
      'x-user-id': 'u1', 'x-user-email': 'a@b', 'x-forwarded-user': 'root', 'x-forwarded-email': 'root@x', 'x-auth-request-user': 'x',
      'x-remote-user': 'x', 'remote-user': 'x', 'x-amzn-oidc-identity': 'x', 'x-authenticated-userid': 'x',
      'x-tenant-id': 'acme', accept: 'application/json',
    };

    const headers = forwardedHeaders(incoming, { requestId: 'r1', protocol: 'http', tenant: 'acme', authorization: 'Bearer internal' });

    expect(headers).to.deep.equal({
      'x-tenant-id': 'acme', accept: 'application/json', authorization: 'Bearer internal', 'x-request-id': 'r1', 'x-forwarded-proto': 'http',
    });
  });

  it('replaces the Authorization header, or passes it unchanged when told to', () => {
    const incoming = { authorization: 'Bearer external' };

    expect(forwardedHeaders(incoming, { requestId: 'r', protocol: 'http', authorization: 'Bearer internal' })['authorization']).to.equal('Bearer internal');
    expect(forwardedHeaders(incoming, { requestId: 'r', protocol: 'http' })['authorization']).to.equal('Bearer external');
  });

  it('drops hop-by-hop headers, those named in Connection, and Host', () => {
    const incoming = {
      connection: 'keep-alive, x-secret-hop', 'keep-alive': 'timeout=5', 'x-secret-hop': '1', te: 'trailers', upgrade: 'websocket',
      'proxy-authorization': 'Basic x', 'transfer-encoding': 'chunked', host: 'gateway.example', 'content-type': 'text/plain',
    };

    const headers = forwardedHeaders(incoming, { requestId: 'r', protocol: 'https' });

    expect(headers).to.deep.equal({
      'content-type': 'text/plain', 'x-request-id': 'r', 'x-forwarded-host': 'gateway.example', 'x-forwarded-proto': 'https',
    });
  });

  it('leaves Content-Length and Expect to the proxy, which sends the body it read whole', () => {
    const headers = forwardedHeaders({ 'content-length': '5', expect: '100-continue', 'content-type': 'text/plain' }, { requestId: 'r', protocol: 'http' });

    expect(headers).to.deep.equal({ 'content-type': 'text/plain', 'x-request-id': 'r', 'x-forwarded-proto': 'http' });
  });

  it('classifies a header name the same way every time, whatever was seen before', () => {
    const options = { requestId: 'r', protocol: 'http' } as const;
    const first = forwardedHeaders({ 'x-internal-user': 'admin', accept: 'a' }, options);
    const again = forwardedHeaders({ 'x-internal-user': 'admin', accept: 'b' }, options);

    expect([first, again].map((headers) => Object.keys(headers))).to.deep.equal([['accept', 'x-request-id', 'x-forwarded-proto'], ['accept', 'x-request-id', 'x-forwarded-proto']]);
  });

  it('propagates a valid traceparent with its tracestate and drops a malformed one', () => {
    const valid = forwardedHeaders({ traceparent, tracestate: 'a=b' }, { requestId: 'r', protocol: 'http' });
    const invalid = forwardedHeaders({ traceparent: '00-zz-01', tracestate: 'a=b' }, { requestId: 'r', protocol: 'http' });

    expect(valid).to.include({ traceparent, tracestate: 'a=b' });
    expect(invalid).to.not.have.any.keys('traceparent', 'tracestate');
  });

  it('appends the client address to X-Forwarded-For', () => {
    const headers = forwardedHeaders({ 'x-forwarded-for': '203.0.113.7' }, { requestId: 'r', protocol: 'http', clientAddress: '10.0.0.1' });

    expect(headers['x-forwarded-for']).to.equal('203.0.113.7, 10.0.0.1');
  });

  it('knows forgeable names whatever their case, and not the tenant id', () => {
    expect(isForgeableHeader('X-Internal-Anything')).to.equal(true);
    expect(isForgeableHeader('X-Tenant-Roles')).to.equal(true);
    expect(isForgeableHeader('X-Tenant-Id')).to.equal(false);
  });

  it('keeps an upstream answer\'s headers but its hop-by-hop ones', () => {
    expect(responseHeaders({ 'content-type': 'application/json', connection: 'close', 'transfer-encoding': 'chunked', 'set-cookie': ['a=1'] }))
      .to.deep.equal({ 'content-type': 'application/json', 'set-cookie': ['a=1'] });
  });
});
