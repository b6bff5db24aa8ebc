// The live tenants stream as the platform serves it: snapshot then changes applied in order, a dropped stream
// resumed with Last-Event-ID and a renewed token, and a refusal (403) taken as final.
import { TestBed } from '@angular/core/testing';
import type { TenantDetail, TenantEventData } from '../api/api-types';
import { AuthService } from '../auth/auth.service';
import { TenantStreamService } from './tenant-stream.service';

const tenant = (name: string, phase: TenantDetail['phase']) => ({ name, displayName: name, phase, suspended: false }) as unknown as TenantDetail;

/** A text/event-stream body of these events, ended after the last one (a dropped connection). */
function eventStream(events: readonly { id: string; data: TenantEventData }[]): Response {
  const text = 'retry: 2000\n\n' + events.map(({ id, data }) => `id: ${id}\nevent: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`).join('');
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

/** Moves the fake clock on (the reconnection backoff) until `condition` holds; fails naming what never happened. */
async function until(what: string, condition: () => boolean, fakeMs = 60_000): Promise<void> {
  for (let elapsed = 0; !condition(); elapsed += 100) {
    if (elapsed >= fakeMs) throw new Error(`after ${fakeMs} ms of fake time: never ${what}`);
    await vi.advanceTimersByTimeAsync(100);
  }
}

/** A stream that stays open until the client aborts it. */
function openStream(signal: AbortSignal | null | undefined): Promise<Response> {
  return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
}

describe('TenantStreamService', () => {
  let token: string;
  let renewals: number;
  let requests: { headers: Record<string, string> }[];
  let answers: ((signal: AbortSignal | null | undefined) => Promise<Response>)[];

  beforeEach(() => {
    token = 'token-1';
    renewals = 0;
    requests = [];
    answers = [];
    vi.useFakeTimers();
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
      requests.push({ headers: init.headers as Record<string, string> });
      return (answers.shift() ?? openStream)(init.signal);
    });
    TestBed.configureTestingModule({
      providers: [{
        provide: AuthService,
        useValue: { accessToken: () => token, renew: () => { renewals += 1; token = `token-${renewals + 1}`; return Promise.resolve(true); } },
      }],
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('applies the snapshot and the changes, and after a drop resumes from the last event with a renewed token', async () => {
    answers.push(
      () => Promise.resolve(eventStream([
        { id: '10', data: { type: 'snapshot', items: [tenant('acme', 'Ready'), tenant('globex', 'Ready')] } },
        { id: '11', data: { type: 'upsert', tenant: tenant('initech', 'Provisioning') } },
      ])),
      () => Promise.resolve(eventStream([
        { id: '12', data: { type: 'upsert', tenant: tenant('initech', 'Ready') } },
        { id: '13', data: { type: 'delete', name: 'globex' } },
      ])),
    );
    const stream = TestBed.inject(TenantStreamService);
    const phases: string[] = [];
    stream.onPhaseChange = (changed, previous) => phases.push(`${changed.name}: ${previous?.phase ?? 'new'} → ${changed.phase}`);

    const disconnect = stream.connect();
    // The third connection stays open: the stream is live again after the second one ended.
    await until('connected a third time', () => requests.length === 3);
    disconnect();

    expect(requests[0]!.headers).toEqual({ accept: 'text/event-stream', authorization: 'Bearer token-1' });
    expect(requests[1]!.headers).toEqual({ accept: 'text/event-stream', authorization: 'Bearer token-2', 'last-event-id': '11' });
    expect(requests[2]!.headers['last-event-id']).toBe('13');
    expect(stream.synced()).toBe(true);
    expect(stream.tenants().map((t) => `${t.name} ${t.phase}`)).toEqual(['acme Ready', 'initech Ready']);
    expect(phases).toEqual(['initech: new → Provisioning', 'initech: Provisioning → Ready']);
  });

  it('takes a fresh snapshot after a reconnect as the whole truth', async () => {
    answers.push(
      () => Promise.resolve(eventStream([{ id: '1', data: { type: 'snapshot', items: [tenant('acme', 'Ready'), tenant('old', 'Ready')] } }])),
      // The platform no longer holds event 1: a new snapshot, without the tenant deleted meanwhile.
      () => Promise.resolve(eventStream([{ id: '40', data: { type: 'snapshot', items: [tenant('acme', 'Suspended')] } }])),
    );
    const stream = TestBed.inject(TenantStreamService);

    const disconnect = stream.connect();
    await until('connected a third time', () => requests.length === 3);
    disconnect();

    expect(stream.tenants().map((t) => `${t.name} ${t.phase}`)).toEqual(['acme Suspended']);
  });

  it('stops for good when the platform refuses the caller', async () => {
    answers.push(() => Promise.resolve(new Response(null, { status: 403 })));
    const stream = TestBed.inject(TenantStreamService);

    const disconnect = stream.connect();
    await until('refused', () => stream.state() === 'refused');
    await vi.advanceTimersByTimeAsync(60_000);
    disconnect();

    expect(requests).toHaveLength(1);
    expect(renewals).toBe(0);
  });
});
