// A recorded lifecycle event as a CloudEvent 1.0 in structured JSON mode (the body of every webhook attempt).
export const cloudEventSource = '/apis/tenantry.dev/v1alpha1/tenants';

export interface RecordedEvent {
  readonly eventId: string;
  readonly eventType: string;
  readonly tenant: string;
  readonly data: Record<string, unknown>;
  readonly occurredAt: Date;
}

export interface CloudEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: Record<string, unknown>;
}

/** `id` is the event's (the same for every subscription); `source` + `id` is unique, as the spec requires. */
export function toCloudEvent({ eventId, eventType, tenant, data, occurredAt }: RecordedEvent): CloudEvent {
  return {
    specversion: '1.0', id: eventId, source: cloudEventSource, type: eventType, subject: tenant,
    time: occurredAt.toISOString(), datacontenttype: 'application/json', data,
  };
}
