// POSTs one signed event to a receiver with hard bounds: a total timeout, redirects never followed (a 3xx is a
// failure), the response body discarded (read off when small, cut when not), and, unless private addresses are allowed,
// connections made only to public addresses, whatever the receiver's name resolves to at that moment.
import { Agent, request } from 'undici';
import { WebhookAddressError, privateAddressesAllowance, publicAddressesOnly } from './webhook-address.js';
import { refuseWebhookUrl, type WebhookUrlPolicy } from './webhook-url.js';

export interface SendOutcome {
  readonly succeeded: boolean;
  readonly statusCode?: number;
  readonly error?: string;
  readonly durationMs: number;
}

export interface WebhookSenderOptions {
  readonly urlPolicy: WebhookUrlPolicy;
  readonly timeoutMs: number;
}

export type WebhookSender = ((url: string, headers: Record<string, string>, body: string) => Promise<SendOutcome>) & {
  /** Closes the connections kept to receivers. */
  close(): Promise<void>;
};

export function createWebhookSender({ urlPolicy, timeoutMs }: WebhookSenderOptions): WebhookSender {
  const dispatcher = new Agent({
    connect: { timeout: timeoutMs, ...(urlPolicy.allowPrivateAddresses ? {} : { lookup: publicAddressesOnly }) },
    headersTimeout: timeoutMs, bodyTimeout: timeoutMs,
  });
  const send = async (url: string, headers: Record<string, string>, body: string): Promise<SendOutcome> => {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const refused = refuseWebhookUrl(url, urlPolicy);
    if (refused !== undefined) return { succeeded: false, error: `URL refused: ${refused}`, durationMs: 0 };
    try {
      const response = await request(url, {
        method: 'POST', headers: { ...headers, 'user-agent': 'tenantry-webhooks/1' }, body, dispatcher, signal: AbortSignal.timeout(timeoutMs),
      });
      // Discarded: a small answer is read off so the connection can be reused, a larger one ends it.
      await response.body.dump({ limit: 16_384 }).catch(() => undefined);
      const { statusCode } = response;
      if (statusCode >= 200 && statusCode < 300) return { succeeded: true, statusCode, durationMs: elapsed() };
      const error = statusCode >= 300 && statusCode < 400 ? 'redirects are not followed' : `the receiver answered ${statusCode}`;
      return { succeeded: false, statusCode, error, durationMs: elapsed() };
    } catch (error) {
      return { succeeded: false, error: describeFailure(error, timeoutMs), durationMs: elapsed() };
    }
  };
  return Object.assign(send, { close: () => dispatcher.close() });
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  // undici fails the request with the lookup's own error.
  if (error instanceof WebhookAddressError) return `connection refused: ${error.message}; ${privateAddressesAllowance}`;
  const failure = error as { code?: string; cause?: { code?: string } };
  const code = failure.code ?? failure.cause?.code;
  if (code !== undefined) return `request failed: ${code}`;
  return `request failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
}
