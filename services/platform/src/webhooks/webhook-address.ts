// Which network addresses a webhook may reach: public unicast only, unless private ones are allowed (development,
// tests, receivers inside the cluster). The check runs where the connection is made, on the addresses it is made to,
// so a name that resolved to a public address at subscription time and to 169.254.169.254 now is still refused.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

// RFC 6890 special-purpose ranges and their successors: nothing a receiver on the internet is ever at. Two lists:
// a BlockList checks an IPv4 address against its IPv6 rules as IPv4-mapped, and ::ffff:0:0/96 would match them all.
const specialIpv4 = new BlockList();
const specialIpv6 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) specialIpv4.addSubnet(network, prefix, 'ipv4');
// IPv4-mapped, IPv4-translated and NAT64 forms are refused whole: they reach IPv4 hosts, the private ones included.
for (const [network, prefix] of [
  ['::', 127], ['::ffff:0:0', 96], ['::ffff:0:0:0', 96], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64],
  ['2001::', 23], ['2001:db8::', 32], ['2002::', 16], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) specialIpv6.addSubnet(network, prefix, 'ipv6');

/** True for a unicast address on the public internet. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return family === 4 ? !specialIpv4.check(address, 'ipv4') : !specialIpv6.check(address, 'ipv6');
}

/** The address a URL's host names literally (`10.0.0.1`, `[fd00::1]`), or undefined for a name. */
export function literalAddress(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) === 0 ? undefined : bare;
}

/** What every refusal of a non-public receiver says to do about it. */
export const privateAddressesAllowance = 'receivers there need PLATFORM_WEBHOOK_ALLOW_PRIVATE_ADDRESSES';

export class WebhookAddressError extends Error {
  readonly code = 'EWEBHOOKADDRESS';
  constructor(readonly hostname: string, readonly address: string) {
    super(`${hostname} resolves to ${address}, which is not a public address`);
    this.name = 'WebhookAddressError';
  }
}

/**
 * A `lookup` for net.connect that resolves as usual and fails when any address is not public: the socket then
 * connects to nothing rather than to whichever of the addresses it would have tried.
 */
export const publicAddressesOnly: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error !== null) {
      callback(error, '', 0);
      return;
    }
    const refused = addresses.find(({ address }) => !isPublicAddress(address));
    if (refused !== undefined) {
      callback(new WebhookAddressError(hostname, refused.address), '', 0);
      return;
    }
    if (options.all === true) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};
