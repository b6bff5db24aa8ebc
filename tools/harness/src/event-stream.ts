// Reads a server-sent event stream (text/event-stream) over fetch, for tests: each event as it arrives, awaited
// with a deadline, with the time it arrived so a test can tell streamed from buffered.
export interface ServerSentEvent {
  readonly id?: string;
  readonly event: string;
  readonly data: string;
  /** performance.now() when the event's last line arrived. */
  readonly receivedAt: number;
}

export interface EventStream {
  readonly status: number;
  readonly headers: Headers;
  /** The next event matching `accept` (any by default), skipping the others; throws when none comes in time. */
  next(description: string, accept?: (event: ServerSentEvent) => boolean, timeoutMs?: number): Promise<ServerSentEvent>;
  /** Every event received so far. */
  readonly received: readonly ServerSentEvent[];
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

/** Opens the stream; resolves once the response headers are in (the body is read as it comes). */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const received: ServerSentEvent[] = [];
  const waiters = new Set<() => void>();
  let consumed = 0;
  const notify = () => { for (const waiter of waiters) waiter(); };

  const ended = (async () => {
    if (response.body === null) return;
    const decoder = new TextDecoderStream();
    let buffer = '';
    let fields: { id?: string; event?: string; data: string[] } = { data: [] };
    try {
      for await (const chunk of response.body.pipeThrough(decoder)) {
        buffer += chunk;
        let newline: number;
        while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
          if (line === '') {
            // WHATWG HTML §9.2.6: a blank line dispatches the event; one without data is none.
            if (fields.data.length > 0) {
              received.push({ ...(fields.id === undefined ? {} : { id: fields.id }), event: fields.event ?? 'message', data: fields.data.join('\n'), receivedAt: performance.now() });
              notify();
            }
            fields = { data: [] };
            continue;
          }
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const name = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (name === 'data') fields.data.push(value);
          else if (name === 'event') fields.event = value;
          else if (name === 'id') fields.id = value;
        }
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    } finally {
      notify();
    }
  })();
  let finished = false;
  void ended.finally(() => { finished = true; notify(); }).catch(() => undefined);

  return {
    status: response.status,
    headers: response.headers,
    received,
    ended,
    async next(description, accept = () => true, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (consumed < received.length) {
          const event = received[consumed]!;
          consumed += 1;
          if (accept(event)) return event;
        }
        if (finished) throw new Error(`the event stream ended, never: ${description}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`within ${timeoutMs} ms, never: ${description}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, left);
          function done() {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          }
          waiters.add(done);
        });
      }
    },
    close: () => abort.abort(),
  };
}
