// Health probes over HTTPS with a private CA (or none, for components that self-sign at start-up).
import { request } from 'node:https';

export interface ProbeOptions {
  readonly ca?: string;
  readonly token?: string;
  /** Only for components whose certificate is generated at start-up and never trusted by clients. */
  readonly insecure?: boolean;
}

export function httpsStatus(url: string, { ca, token, insecure = false }: ProbeOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      ...(ca ? { ca } : {}),
      rejectUnauthorized: !insecure,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      timeout: 2000,
    }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('timeout', () => req.destroy(new Error(`timed out probing ${url}`)));
    req.once('error', reject);
    req.end();
  });
}
