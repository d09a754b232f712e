/**
 * The protocol's structured errors: what travels on the wire ({code, message, detail}) and what the
 * UI shows. Part of shared/protocol, which re-exports it; free of Node and DOM APIs.
 */

/** Codes the UI knows; handlers may add their own strings. */
export type ErrorCode =
  | 'cancelled'
  | 'engine_restarted'
  | 'engine_unavailable'
  | 'disconnected'
  | 'unknown_method'
  | 'bad_request'
  | 'not_found'
  | 'backend_unavailable'
  | 'too_large'
  | 'internal'
  | (string & {});

/** What travels on the wire and what the UI shows. */
export interface ApiError {
  code: ErrorCode;
  /** One sentence a user can act on. */
  message: string;
  /** Extra context for the curious: a stack, the offending value, a list of mismatches. */
  detail?: string;
  /**
   * The values in `message`, by name, so the UI can say the same sentence in another language
   * (key `error.<code>`, or `error.<code>.<params.kind>` when the code has several sentences).
   */
  params?: ErrorParams;
}

export type ErrorParams = Record<string, string | number>;

/** An Error that carries an ApiError; thrown by handlers and by the client. */
export class ProtocolError extends Error {
  readonly code: ErrorCode;
  readonly detail?: string;
  readonly params?: ErrorParams;
  constructor(code: ErrorCode, message: string, detail?: string, params?: ErrorParams) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
    if (detail !== undefined) this.detail = detail;
    if (params !== undefined) this.params = params;
  }
  toJSON(): ApiError {
    return {
      code: this.code,
      message: this.message,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
      ...(this.params === undefined ? {} : { params: this.params }),
    };
  }
  static from(e: ApiError): ProtocolError {
    return new ProtocolError(e.code, e.message, e.detail, e.params);
  }
}

export function isApiError(x: unknown): x is ApiError {
  return isRecord(x) && typeof x.code === 'string' && typeof x.message === 'string';
}

/** Any thrown value as an ApiError. Aborts become 'cancelled'; unknown errors keep their stack. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ProtocolError) return e.toJSON();
  if (isRecord(e) && e.name === 'AbortError')
    return { code: 'cancelled', message: 'The request was cancelled.' };
  if (e instanceof Error) return { code: 'internal', message: e.message || e.name, detail: e.stack };
  if (isApiError(e))
    return {
      code: e.code,
      message: e.message,
      ...(e.detail ? { detail: e.detail } : {}),
      ...(isRecord(e.params) ? { params: e.params } : {}),
    };
  return { code: 'internal', message: String(e) };
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}
