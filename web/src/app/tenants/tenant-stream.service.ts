// Every tenant, live: the platform's server-sent events (GET /platform/v1/tenant-events) read over fetch (EventSource
// cannot send the bearer token), applied to a signal. Reconnects after a drop with Last-Event-ID, so the platform
// replays what was missed or sends a fresh snapshot, and with a renewed token when the stream ended with the old one.
import { Injectable, computed, inject, signal } from '@angular/core';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { TenantDetail, TenantEventData } from '../api/api-types';
import { AuthService } from '../auth/auth.service';

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'refused';

@Injectable({ providedIn: 'root' })
export class TenantStreamService {
  private readonly auth = inject(AuthService);
  private readonly byName = signal<ReadonlyMap<string, TenantDetail>>(new Map());
  readonly state = signal<StreamState>('connecting');
  /** Every tenant by name, as the latest event left it. */
  readonly tenants = computed(() => [...this.byName().values()].sort((a, b) => a.name.localeCompare(b.name)));
  /** Told of each tenant whose phase changed, for announcements. */
  onPhaseChange: ((tenant: TenantDetail, previous: TenantDetail | undefined) => void) | undefined;

  private users = 0;
  private abort: AbortController | undefined;
  private lastEventId: string | undefined;
  private retryMs = 1_000;
  private snapshotSeen = false;

  /** Starts the stream for one more user of it; the returned function stops it when the last one leaves. */
  connect(): () => void {
    this.users += 1;
    if (this.users === 1) void this.run();
    return () => {
      this.users -= 1;
      if (this.users === 0) this.abort?.abort();
    };
  }

  get(name: string): TenantDetail | undefined {
    return this.byName().get(name);
  }

  /** Whether the first snapshot arrived, so a missing tenant really is missing. */
  synced(): boolean {
    return this.snapshotSeen;
  }

  private async run(): Promise<void> {
    while (this.users > 0) {
      const abort = new AbortController();
      this.abort = abort;
      try {
        const refused = await this.listen(abort.signal);
        if (refused) return;
      } catch {
        if (abort.signal.aborted) return;
      }
      if (this.users === 0) return;
      this.state.set('reconnecting');
      // A stream that ended with its token: renew it before going back (the platform ends streams at token expiry).
      await this.auth.renew();
      await new Promise((resolve) => setTimeout(resolve, this.retryMs));
      this.retryMs = Math.min(this.retryMs * 2, 15_000);
    }
  }

  /** One connection, until it ends; true when the platform refused it for good (403). */
  private async listen(signal: AbortSignal): Promise<boolean> {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    const token = this.auth.accessToken();
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    if (this.lastEventId !== undefined) headers['last-event-id'] = this.lastEventId;
    const response = await fetch('/platform/v1/tenant-events', { headers, signal, cache: 'no-store' });
    if (response.status === 403) {
      this.state.set('refused');
      return true;
    }
    if (!response.ok || response.body === null) throw new Error(`the tenant stream answered ${response.status}`);
    const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
    for await (const event of events) {
      if (event.id !== undefined) this.lastEventId = event.id;
      this.apply(JSON.parse(event.data) as TenantEventData);
      this.state.set('live');
      this.retryMs = 1_000;
    }
    return false;
  }

  private apply(data: TenantEventData): void {
    const previous = this.byName();
    const next = new Map(data.type === 'snapshot' ? [] : previous);
    if (data.type === 'snapshot') {
      this.snapshotSeen = true;
      for (const tenant of data.items) next.set(tenant.name, tenant);
    } else if (data.type === 'upsert') {
      next.set(data.tenant.name, data.tenant);
      const before = previous.get(data.tenant.name);
      if (before?.phase !== data.tenant.phase) this.onPhaseChange?.(data.tenant, before);
    } else {
      next.delete(data.name);
    }
    this.byName.set(next);
  }
}
