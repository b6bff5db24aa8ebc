// Base class for every error the runtime throws: a stable machine-readable `code` beside the message.
export class TenantryError extends Error {
  /** Stable identifier callers branch on; the message is for humans and may change. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
