// Which webhook URLs the platform will call (an SSRF surface): https only, http only where the dev setting allows it,
// never credentials in the URL or a fragment, never a private or otherwise special-purpose address unless allowed.
// Checked when a subscription is made and again before every attempt; names are checked again as they are
// connected to (webhook-address.ts), since what they resolve to can change.
import { isPublicAddress, literalAddress, privateAddressesAllowance } from './webhook-address.js';

export interface WebhookUrlPolicy {
  /** PLATFORM_WEBHOOK_ALLOW_HTTP: plain http too, for local receivers in development and tests. */
  readonly allowHttp: boolean;
  /**
   * PLATFORM_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: loopback, private and link-local addresses too, for receivers on the
   * same machine or inside the cluster. Off, nothing can make the platform call its own network (the cloud's
   * metadata endpoint, the master database, the cluster's services).
   */
  readonly allowPrivateAddresses: boolean;
}

/** The reason the URL is refused, or undefined when it may be called. */
export function refuseWebhookUrl(text: string, { allowHttp, allowPrivateAddresses }: WebhookUrlPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'expected an absolute URL';
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    return allowHttp ? 'expected an https or http URL' : 'expected an https URL';
  }
  if (url.username !== '' || url.password !== '') return 'credentials in the URL are refused; the signature authenticates the platform';
  if (url.hash !== '') return 'a fragment is never sent; leave it out';
  if (url.hostname === '') return 'expected a host';
  if (!allowPrivateAddresses) {
    const address = literalAddress(url.hostname);
    // RFC 6761: every name under localhost is the loopback (a trailing dot changes nothing).
    const name = url.hostname.replace(/\.$/, '');
    const local = name === 'localhost' || name.endsWith('.localhost');
    if (local || (address !== undefined && !isPublicAddress(address))) return privateRefusal;
  }
  return undefined;
}

export const privateRefusal = `the address is loopback, private, link-local or otherwise not public; ${privateAddressesAllowance}`;
