// A browser for tests: fetch with a cookie jar and redirects followed by hand, so each hop can be inspected.
import { CookieJar } from './cookie-jar.js';

export interface Hop {
  readonly url: URL;
  readonly response: Response;
}

export class Browser {
  private readonly jar = new CookieJar();

  /** One request, no redirect followed; cookies sent and stored. */
  async request(url: string | URL, init: RequestInit = {}): Promise<Hop> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.jar.headerFor(target);
    if (cookie !== undefined) headers.set('cookie', cookie);
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    this.jar.store(response, target);
    return { url: target, response };
  }

  /** Submits an HTML form the way a browser does (urlencoded POST). */
  submit(url: string | URL, fields: Record<string, string>): Promise<Hop> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /**
   * Follows redirects (GET) from `hop` until `stop` says the Location is where we wanted to land (the
   * client's redirect URI, which is not served here), or a response is not a redirect.
   */
  async follow(hop: Hop, stop: (location: URL) => boolean, maxHops = 10): Promise<{ landedAt?: URL; last: Hop }> {
    let current = hop;
    for (let i = 0; i < maxHops; i++) {
      const location = current.response.headers.get('location');
      if (current.response.status < 300 || current.response.status >= 400 || location === null) return { last: current };
      await current.response.body?.cancel();
      const next = new URL(location, current.url);
      if (stop(next)) return { landedAt: next, last: current };
      current = await this.request(next);
    }
    throw new Error(`more than ${maxHops} redirects from ${hop.url.href}`);
  }
}
