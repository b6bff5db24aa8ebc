// POSTs one signed event to a receiver with hard bounds: a total timeout, redirects never followed (a 3xx is a
// failure), and the response body never read beyond what the status needs (it is cancelled unread).
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

export type WebhookSender = (url: string, headers: Record<string, string>, body: string) => Promise<SendOutcome>;

export function createWebhookSender({ urlPolicy, timeoutMs }: WebhookSenderOptions): WebhookSender {
  return async (url, headers, body) => {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const refused = refuseWebhookUrl(url, urlPolicy);
    if (refused !== undefined) return { succeeded: false, error: `URL refused: ${refused}`, durationMs: 0 };
    try {
      const response = await fetch(url, {
        method: 'POST', headers: { ...headers, 'user-agent': 'tenantry-webhooks/1' }, body,
        redirect: 'manual', signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined);
      const statusCode = response.status;
      if (statusCode >= 200 && statusCode < 300) return { succeeded: true, statusCode, durationMs: elapsed() };
      const error = statusCode >= 300 && statusCode < 400 ? 'redirects are not followed' : `the receiver answered ${statusCode}`;
      return { succeeded: false, statusCode, error, durationMs: elapsed() };
    } catch (error) {
      return { succeeded: false, error: describeFailure(error, timeoutMs), durationMs: elapsed() };
    }
  };
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code !== undefined) return `request failed: ${cause.code}`;
  return `request failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
}
