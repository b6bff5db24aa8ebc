// The webhooks data service: the URL's filter mapped to the API's query, and each call on the platform's paths.
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { WebhookDelivery } from '../api/api-types';
import { WebhooksService, deliveryQueryOf } from './webhooks.service';

const delivery = (id: string, status: WebhookDelivery['status']) => ({
  id, subscriptionId: 's1', subscription: 'ops', eventId: 'e1', eventType: 'tenant.ready', tenant: 'acme', status, attempts: 1,
  nextAttemptAt: '2026-12-01T00:00:00Z', lastStatusCode: 204, lastError: null, deliveredAt: null, createdAt: '2026-12-01T00:00:00Z',
}) satisfies WebhookDelivery;

describe('WebhooksService', () => {
  let service: WebhooksService;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    service = TestBed.inject(WebhooksService);
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  it('reads the deliveries filter from the URL, leaving out what the API would refuse', () => {
    expect(deliveryQueryOf({ tenant: 'acme', status: 'dead' })).toEqual({ tenant: 'acme', status: 'dead' });
    expect(deliveryQueryOf({ tenant: 'Not A Name', status: 'lost' })).toEqual({});
    expect(deliveryQueryOf({})).toEqual({});
  });

  it('lists deliveries with the filter as query parameters', async () => {
    const listed = service.deliveries({ tenant: 'acme', status: 'dead' });

    const request = http.expectOne((req) => req.url === '/platform/v1/webhooks/deliveries');
    expect(request.request.params.get('tenant')).toBe('acme');
    expect(request.request.params.get('status')).toBe('dead');
    request.flush({ items: [delivery('d1', 'dead')] });
    expect((await listed).map((item) => item.id)).toEqual(['d1']);
  });

  it('subscribes with the chosen event types and hands back the secret it is shown once', async () => {
    const created = service.subscribe({ name: 'ops', url: 'https://hooks.example.com/x', eventTypes: ['tenant.ready', 'tenant.deleted'] });

    const request = http.expectOne('/platform/v1/webhooks/subscriptions');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ name: 'ops', url: 'https://hooks.example.com/x', eventTypes: ['tenant.ready', 'tenant.deleted'] });
    request.flush({ id: 's1', name: 'ops', url: 'https://hooks.example.com/x', eventTypes: ['tenant.ready'], createdBy: 'user:a', createdAt: 'x', secret: 'whsec_abc' });
    expect((await created).secret).toBe('whsec_abc');
  });

  it('reads a delivery\'s attempts and redelivers it on its own path', async () => {
    const attempts = service.attempts('d/1');
    http.expectOne('/platform/v1/webhooks/deliveries/d%2F1/attempts').flush({ items: [] });
    expect(await attempts).toEqual([]);

    const redelivered = service.redeliver('d1');
    const request = http.expectOne('/platform/v1/webhooks/deliveries/d1/redeliver');
    expect(request.request.method).toBe('POST');
    request.flush(delivery('d1', 'pending'));
    expect((await redelivered).status).toBe('pending');
  });

  it('passes a refusal on as the HTTP error the page turns into a failure', async () => {
    const listed = service.subscriptions();
    http.expectOne('/platform/v1/webhooks/subscriptions').flush(
      { type: 'about:blank', title: 'Forbidden', status: 403, code: 'ACCESS_DENIED', detail: 'Only platform admins.' }, { status: 403, statusText: 'Forbidden' });
    await expect(listed).rejects.toMatchObject({ status: 403 });
  });
});
