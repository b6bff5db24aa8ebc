// Which webhook URLs the platform will call (an SSRF surface): https only, http only where the dev setting allows it,
// never credentials in the URL or a fragment. Checked when a subscription is made and again before every attempt.
export interface WebhookUrlPolicy {
  /** PLATFORM_WEBHOOK_ALLOW_HTTP: plain http too, for local receivers in development and tests. */
  readonly allowHttp: boolean;
}

/** The reason the URL is refused, or undefined when it may be called. */
export function refuseWebhookUrl(text: string, { allowHttp }: WebhookUrlPolicy): string | undefined {
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
  return undefined;
}
