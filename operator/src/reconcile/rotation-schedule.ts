// When a tenant's credentials rotate and when the previous login retires, read from its spec, its annotation and
// its status alone; and the status that records it. Pure: no I/O.
import { parseDurationMs, rotateCredentialsAnnotation, type Tenant, type TenantStatus } from '@tenantry/runtime';
import type { RotationRecord } from '../kube/credentials-secret.js';

const defaultGraceMs = 10 * 60_000;
/** A requeue timer longer than this is cut short: a resync or the next pass computes it again. */
const maxTimerMs = 60 * 60_000;

type CredentialsStatus = NonNullable<TenantStatus['credentials']>;

export function gracePeriodMs(tenant: Tenant): number {
  const text = tenant.spec.credentials?.gracePeriod;
  return (text === undefined ? undefined : parseDurationMs(text)) ?? defaultGraceMs;
}

function rotateEveryMs(tenant: Tenant): number | undefined {
  const text = tenant.spec.credentials?.rotateEvery;
  return text === undefined ? undefined : parseDurationMs(text);
}

/** The annotation's value when it asks for a rotation not carried out yet. */
export function requestedRotation(tenant: Tenant): string | undefined {
  const value = tenant.metadata.annotations?.[rotateCredentialsAnnotation];
  return value !== undefined && value !== '' && value !== tenant.status?.credentials?.rotationRequest ? value : undefined;
}

/** A rotation asked for by the annotation, or the schedule's time has come. */
export function rotationDue(tenant: Tenant, now: Date): boolean {
  const next = tenant.status?.credentials?.nextRotationAt;
  return requestedRotation(tenant) !== undefined || (next !== undefined && Date.parse(next) <= now.getTime());
}

export function retirementDue(retiring: RotationRecord['retiring'], now: Date): boolean {
  return retiring !== undefined && Date.parse(retiring.retiresAt) <= now.getTime();
}

/** Credentials work a steady tenant has waiting: a rotation, or a retirement whose grace period is over. */
export function credentialsWorkDue(tenant: Tenant, now: Date): boolean {
  return rotationDue(tenant, now) || retirementDue(tenant.status?.credentials?.retiring, now);
}

/** How long until the next scheduled rotation or retirement, for the work queue; undefined when none is. */
export function credentialsTimerMs(tenant: Tenant, now: Date): number | undefined {
  const { nextRotationAt, retiring } = tenant.status?.credentials ?? {};
  const times = [nextRotationAt, retiring?.retiresAt].filter((time): time is string => time !== undefined).map((time) => Date.parse(time));
  if (times.length === 0) return undefined;
  return Math.min(maxTimerMs, Math.max(0, Math.min(...times) - now.getTime()));
}

export interface ObservedCredentials {
  readonly username: string;
  readonly rotation?: RotationRecord;
}

/**
 * status.credentials: the login and rotation record this pass saw in the Secret (else what the status said), and
 * the next scheduled rotation. A tenant's first credentials are fresh: an annotation already there counts as done.
 */
export function credentialsStatus(tenant: Tenant, observed: ObservedCredentials | undefined, provisionedAt: string | undefined): CredentialsStatus | undefined {
  const previous = tenant.status?.credentials;
  const username = observed?.username ?? previous?.username;
  if (username === undefined) return undefined;
  const rotation: RotationRecord | undefined = observed
    ? observed.rotation
    : { ...(previous?.rotatedAt ? { rotatedAt: previous.rotatedAt } : {}), ...(previous?.rotationRequest ? { request: previous.rotationRequest } : {}), ...(previous?.retiring ? { retiring: previous.retiring } : {}) };
  const firstCredentials = tenant.status?.provisionedAt === undefined && rotation?.rotatedAt === undefined;
  const request = rotation?.request ?? (firstCredentials ? tenant.metadata.annotations?.[rotateCredentialsAnnotation] : previous?.rotationRequest);
  const every = rotateEveryMs(tenant);
  const since = rotation?.rotatedAt ?? provisionedAt;
  return {
    username,
    ...(rotation?.rotatedAt ? { rotatedAt: rotation.rotatedAt } : {}),
    ...(every !== undefined && since !== undefined ? { nextRotationAt: new Date(Date.parse(since) + every).toISOString() } : {}),
    ...(request ? { rotationRequest: request } : {}),
    ...(rotation?.retiring ? { retiring: rotation.retiring } : {}),
  };
}
