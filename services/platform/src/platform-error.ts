// The platform's errors: the runtime's ServiceError, with the kinds the platform answers with.
import { ServiceError, type ServiceErrorKind } from '@tenantry/runtime';

/** The platform authenticates through its own middleware and never answers a precondition. */
export type PlatformErrorKind = Exclude<ServiceErrorKind, 'unauthenticated' | 'precondition-failed' | 'precondition-required'>;

export class PlatformError extends ServiceError<PlatformErrorKind> {}
