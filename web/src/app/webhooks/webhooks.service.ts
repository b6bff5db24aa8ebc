// Webhooks through the platform's API (platform admins): subscriptions, deliveries filtered as the URL says, each
// delivery's attempts, and redelivery.
import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom, map } from 'rxjs';
import type {
  CreatedWebhookSubscription, LifecycleEventType, WebhookAttempt, WebhookDelivery, WebhookDeliveryQuery, WebhookDeliveryStatus,
  WebhookSubscription, WebhookSubscriptionInput,
} from '../api/api-types';

/** Every type a subscription may ask for, in lifecycle order (the API's enum). */
export const lifecycleEventTypes: readonly LifecycleEventType[] = [
  'tenant.created', 'tenant.ready', 'tenant.suspended', 'tenant.resumed', 'tenant.migrated', 'tenant.stalled', 'tenant.deleted',
];

const statuses: readonly WebhookDeliveryStatus[] = ['pending', 'succeeded', 'dead'];
const tenantName = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** The deliveries filter as the URL holds it (?tenant=&status=); what the API would refuse is left out. */
export function deliveryQueryOf(params: Readonly<Record<string, string | undefined>>): WebhookDeliveryQuery {
  const { tenant, status } = params;
  return {
    ...(tenant !== undefined && tenant.length <= 40 && tenantName.test(tenant) ? { tenant } : {}),
    ...(status !== undefined && (statuses as readonly string[]).includes(status) ? { status: status as WebhookDeliveryStatus } : {}),
  };
}

@Injectable({ providedIn: 'root' })
export class WebhooksService {
  private readonly http = inject(HttpClient);
  private readonly base = '/platform/v1/webhooks';

  subscriptions(): Promise<WebhookSubscription[]> {
    return firstValueFrom(this.http.get<{ items: WebhookSubscription[] }>(`${this.base}/subscriptions`).pipe(map((body) => body.items)));
  }

  /** The answer carries the signing secret: it is shown this once. */
  subscribe(input: WebhookSubscriptionInput): Promise<CreatedWebhookSubscription> {
    return firstValueFrom(this.http.post<CreatedWebhookSubscription>(`${this.base}/subscriptions`, input));
  }

  unsubscribe(id: string): Promise<void> {
    return firstValueFrom(this.http.delete<void>(`${this.base}/subscriptions/${encodeURIComponent(id)}`));
  }

  deliveries(query: WebhookDeliveryQuery): Promise<WebhookDelivery[]> {
    let params = new HttpParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined) params = params.set(name, String(value));
    return firstValueFrom(this.http.get<{ items: WebhookDelivery[] }>(`${this.base}/deliveries`, { params }).pipe(map((body) => body.items)));
  }

  attempts(deliveryId: string): Promise<WebhookAttempt[]> {
    return firstValueFrom(this.http.get<{ items: WebhookAttempt[] }>(`${this.base}/deliveries/${encodeURIComponent(deliveryId)}/attempts`)
      .pipe(map((body) => body.items)));
  }

  redeliver(deliveryId: string): Promise<WebhookDelivery> {
    return firstValueFrom(this.http.post<WebhookDelivery>(`${this.base}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`, {}));
  }
}
