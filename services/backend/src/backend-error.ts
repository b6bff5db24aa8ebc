// The backend's errors: the runtime's ServiceError, with the kinds the entries API answers with.
import { ServiceError, type ServiceErrorKind } from '@tenantry/runtime';

/** The entries API has nothing that conflicts without a precondition: a stale write is 412, not 409. */
export type BackendErrorKind = Exclude<ServiceErrorKind, 'conflict'>;

export class BackendError extends ServiceError<BackendErrorKind> {}
