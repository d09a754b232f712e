/**
 * The protocol's structured errors: what travels on the wire ({code, message, detail}) and what the
 * UI shows. Part of shared/protocol, which re-exports it; free of Node and DOM APIs.
 */

/**
 * Every error code that travels on the wire, each with the kinds (`params.kind`) that pick a more
 * specific sentence. This list is the one place a code is declared: ProtocolError takes only these,
 * and the renderer's error-key.ts checks at compile time that the dictionaries have `error.<code>`
 * and `error.<code>.<kind>` for each (English and Korean, which the parity test keeps in step).
 * Kinds not listed (e.g. an image's 'format') fall back to the code's plain sentence.
 */
export const ERROR_KINDS = {
  /** The caller cancelled, or its connection went away. */
  cancelled: [],
  /** The engine process died or stopped answering and was restarted; params.exit says how. */
  engine_restarted: ['unresponsive'],
  engine_unavailable: ['crashed'],
  /** The renderer lost its link to the main side. */
  disconnected: [],
  /** The main side speaks another PROTOCOL_VERSION (client.ts); params.client, params.engine. */
  protocol_mismatch: [],
  unknown_method: [],
  /** The request's params were malformed (the per-method validators in params.ts). */
  bad_request: [],
  not_found: [],
  backend_unavailable: ['named'],
  too_large: [],
  /** The web bridge has too many requests in flight. */
  too_busy: [],
  /** A bug: the client gets a reference (kind 'ref') into the engine log. */
  internal: ['ref'],
  /** The web server refused a path outside the folders the user chose. */
  path_refused: ['file', 'folder'],
  /** A training data folder could not be used. */
  bad_data: ['cannotOpen', 'fewClasses', 'noClasses', 'noImages'],
  bad_file: [],
  bad_image: ['animated', 'timeout', 'too_large'],
  onnx_load: [],
  /** The run store could not write (disk full, read-only). */
  storage: ['no_space', 'read_only'],
  // engine/weights WeightsError codes, as `weights_<code>` (host/handlers/activations.ts).
  weights_checksum: [],
  weights_corrupt: ['values'],
  weights_download: [],
  weights_format: [
    'hdf5_damaged',
    'hdf5_dtype',
    'hdf5_external',
    'hdf5_external_link',
    'hdf5_not_keras',
    'hdf5_timeout',
    'keras_no_weights',
    'keras_v3_no_names',
    'pickle_global',
    'safetensors',
    'shard',
    'tf_checkpoint',
    'tfjs_dtype',
    'tfjs_keras3_positions',
    'tfjs_manifest',
    'zip_not_keras',
  ],
  weights_mismatch: ['network', 'onnx_layers', 'shapes'],
  weights_not_found: ['tf_data'],
  weights_offline: ['catalogue'],
  weights_truncated: ['file'],
} as const satisfies Record<string, readonly string[]>;

export type ErrorCode = keyof typeof ERROR_KINDS;
export type ErrorKind<C extends ErrorCode = ErrorCode> = (typeof ERROR_KINDS)[C][number];

/** The dictionary keys the codes and kinds name: `error.<code>` and `error.<code>.<kind>`. */
export type ErrorMessageKey = {
  [C in ErrorCode]: `error.${C}` | `error.${C}.${ErrorKind<C>}`;
}[ErrorCode];

export const ERROR_CODES = Object.keys(ERROR_KINDS) as ErrorCode[];

export const isErrorCode = (s: unknown): s is ErrorCode =>
  typeof s === 'string' && Object.prototype.hasOwnProperty.call(ERROR_KINDS, s);

/** True when `kind` picks a sentence of its own for `code`. */
export const isErrorKind = <C extends ErrorCode>(code: C, kind: unknown): kind is ErrorKind<C> =>
  (ERROR_KINDS[code] as readonly unknown[]).includes(kind);

/** Every dictionary key an error may be worded with. */
export function errorMessageKeys(): ErrorMessageKey[] {
  return ERROR_CODES.flatMap((c) => [
    `error.${c}` as ErrorMessageKey,
    ...ERROR_KINDS[c].map((k: string) => `error.${c}.${k}` as ErrorMessageKey),
  ]);
}

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
  return isRecord(x) && isErrorCode(x.code) && typeof x.message === 'string';
}

/** Any thrown value as an ApiError. Aborts become 'cancelled'; unknown errors keep their stack. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ProtocolError) return e.toJSON();
  if (isRecord(e) && e.name === 'AbortError')
    return { code: 'cancelled', message: 'The request was cancelled.' };
  if (e instanceof Error) return { code: 'internal', message: e.message || e.name, detail: e.stack };
  if (isRecord(e) && typeof e.code === 'string' && typeof e.message === 'string')
    return {
      // A code outside the list (a peer of another version) keeps its sentence as an internal error.
      code: isErrorCode(e.code) ? e.code : 'internal',
      message: e.message,
      ...(typeof e.detail === 'string' && e.detail ? { detail: e.detail } : {}),
      ...(isRecord(e.params) ? { params: e.params as ErrorParams } : {}),
    };
  return { code: 'internal', message: String(e) };
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}
