// Records Kubernetes Events about Tenantry resources, without repeating the same event on every retry.
import { EventsV1Api, V1MicroTime, type KubeConfig } from '@kubernetes/client-node';

export type EventType = 'Normal' | 'Warning';

/** What an Event is about: a Tenant, the MigrationRollout. */
export interface EventSubject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly uid?: string | undefined };
}

export interface EventRecorder {
  record(subject: EventSubject, type: EventType, reason: string, note: string, action?: string): void;
}

export interface EventRecorderOptions {
  readonly kubeConfig: KubeConfig;
  /** Cluster-scoped objects have their events in `default`, where `kubectl describe` looks. */
  readonly namespace?: string;
  readonly instance: string;
  readonly repeatAfterMs?: number;
  readonly onError?: (error: unknown) => void;
}

export function createEventRecorder({ kubeConfig, namespace = 'default', instance, repeatAfterMs = 5 * 60_000, onError }: EventRecorderOptions): EventRecorder {
  const events = kubeConfig.makeApiClient(EventsV1Api);
  const lastSent = new Map<string, number>();
  return {
    record(subject, type, reason, note, action = reason) {
      const key = `${subject.metadata.uid ?? subject.metadata.name}/${reason}/${note}`;
      const now = Date.now();
      if ((lastSent.get(key) ?? 0) > now - repeatAfterMs) return;
      lastSent.set(key, now);
      if (lastSent.size > 10_000) lastSent.clear();
      events.createNamespacedEvent({
        namespace,
        body: {
          metadata: { generateName: `${subject.metadata.name}-` },
          // MicroTime: the API server refuses a Date's millisecond form; V1MicroTime writes six digits.
          eventTime: new V1MicroTime(now),
          reportingController: 'tenantry.dev/operator',
          reportingInstance: instance,
          action,
          reason,
          note: note.slice(0, 1024),
          type,
          regarding: { apiVersion: subject.apiVersion, kind: subject.kind, name: subject.metadata.name, uid: subject.metadata.uid ?? '' },
        },
      }).catch((error: unknown) => onError?.(error));
    },
  };
}
