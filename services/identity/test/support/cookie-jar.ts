// A minimal cookie jar for driving the login flow with fetch: name, value, path and expiry, nothing more.
interface StoredCookie {
  readonly name: string;
  readonly value: string;
  readonly path: string;
}

export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  /** Remembers the response's Set-Cookie headers; an expired or emptied cookie is forgotten. */
  store(response: Response, requestUrl: URL): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      let path = requestUrl.pathname.slice(0, requestUrl.pathname.lastIndexOf('/')) || '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key = '', ...rest] = attribute.trim().split('=');
        const argument = rest.join('=');
        switch (key.toLowerCase()) {
          case 'path':
            path = argument || '/';
            break;
          case 'max-age':
            expired ||= Number(argument) <= 0;
            break;
          case 'expires':
            expired ||= Date.parse(argument) <= Date.now();
            break;
        }
      }
      const key = `${name};${path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path });
    }
  }

  /** The Cookie header for a request to `url` (RFC 6265 path matching), or undefined when none apply. */
  headerFor(url: URL): string | undefined {
    const matching = [...this.cookies.values()]
      .filter((cookie) => pathMatches(url.pathname, cookie.path))
      .sort((a, b) => b.path.length - a.path.length);
    return matching.length === 0 ? undefined : matching.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  }
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}
