// Calls the backend under test as the gateway would: a bearer internal token, JSON in, status + headers + body out.
export interface BackendResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export async function request<T = Record<string, unknown>>(
  backendUrl: string, token: string | undefined, method: string, path: string, options: RequestOptions = {},
): Promise<BackendResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${backendUrl}${path}`, {
    method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text === '' ? undefined : JSON.parse(text)) as T };
}

/** The value of an unlabelled metric on /metrics (service label aside); 0 when absent. */
export async function metricValue(backendUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${backendUrl}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}
