// Which addresses webhooks may reach, and the lookup that enforces it where connections are made.
import { once } from 'node:events';
import { connect } from 'node:net';
import { expect } from 'chai';
import { isPublicAddress, literalAddress, publicAddressesOnly } from '../../src/webhooks/webhook-address.js';

function lookUp(hostname: string, all: boolean): Promise<{ error: (Error & { code?: string }) | null; addresses: string[] }> {
  return new Promise((resolve) => {
    publicAddressesOnly(hostname, { all }, (error, address) => {
      const addresses = typeof address === 'string' ? (address === '' ? [] : [address]) : address.map((entry) => entry.address);
      resolve({ error, addresses });
    });
  });
}

describe('webhook addresses', () => {
  it('takes public unicast addresses, IPv4 and IPv6', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '52.94.236.248', '2600:1f18::1', '2a00:1450:4001:80b::200e']) {
      expect(isPublicAddress(address), address).to.equal(true);
    }
  });

  it('refuses loopback, private, link-local (the cloud metadata endpoint), shared, documentation, multicast and mapped addresses', () => {
    for (const address of [
      '127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
      '192.0.2.1', '198.18.0.1', '203.0.113.9', '224.0.0.1', '255.255.255.255', '::', '::1', 'fe80::1', 'fd00:ec2::254', 'fc00::1',
      '::ffff:127.0.0.1', '::ffff:8.8.8.8', '64:ff9b::a00:1', '2001:db8::1', 'ff02::1', 'not an address',
    ]) {
      expect(isPublicAddress(address), address).to.equal(false);
    }
  });

  it('reads the address a URL host names literally, brackets and all', () => {
    expect(literalAddress(new URL('http://10.0.0.1:8080/').hostname)).to.equal('10.0.0.1');
    expect(literalAddress(new URL('http://[fd00::1]/').hostname)).to.equal('fd00::1');
    // The URL parser writes every IPv4 spelling out as dotted decimal first.
    expect(literalAddress(new URL('http://0x7f.1/').hostname)).to.equal('127.0.0.1');
    expect(literalAddress(new URL('http://2130706433/').hostname)).to.equal('127.0.0.1');
    expect(literalAddress('hooks.example.com')).to.equal(undefined);
  });

  it('fails the lookup of a name that resolves to loopback, asked for one address or for all', async () => {
    for (const all of [false, true]) {
      const { error, addresses } = await lookUp('localhost', all);
      expect(error?.code, `all: ${all}`).to.equal('EWEBHOOKADDRESS');
      expect(error?.message).to.match(/^localhost resolves to (127\.0\.0\.1|::1), which is not a public address$/);
      expect(addresses).to.deep.equal([]);
    }
  });

  it('keeps a socket from connecting there at all', async () => {
    const socket = connect({ host: 'localhost', port: 9, lookup: publicAddressesOnly });
    const [error] = await once(socket, 'error') as [Error & { code?: string }];
    expect(error.code).to.equal('EWEBHOOKADDRESS');
  });
});
