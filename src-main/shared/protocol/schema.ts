/**
 * A small schema language for request params, and its one checker. Params come from the renderer
 * (or a browser tab), so they are untrusted: the dispatcher (host/registry.ts) and the web bridge
 * (server/bridge.ts) check them against the method's schema (params-schemas.ts) before anything
 * runs, and a handler reads them already shaped. The sentences are the ones host/params.ts has
 * always used ("<method>: <field> must be …"). Free of Node and DOM APIs.
 */
import type { ApiError, ErrorCode } from './errors.js';

interface Base {
  /** Absent (undefined) is allowed. */
  optional?: true;
}
export interface StringSchema extends Base {
  type: 'string';
  /** The closed set of values, e.g. the network ids. */
  oneOf?: readonly string[];
  /** The code for a value outside oneOf: 'not_found' for ids of things (networks, tables). */
  unknown?: Extract<ErrorCode, 'not_found' | 'bad_request'>;
  /** What an id names, for the not_found sentence ("no network called …"). */
  names?: string;
  /** The whole value must match, e.g. a run id; `describe` says it in words. */
  pattern?: RegExp;
  describe?: string;
  nonEmpty?: true;
}
export interface NumberSchema extends Base {
  type: 'number';
  integer?: true;
  min?: number;
  max?: number;
}
export interface BooleanSchema extends Base {
  type: 'boolean';
}
export interface ObjectSchema extends Base {
  type: 'object';
  /** Checked fields; others pass through unchecked (the handler ignores what it does not read). */
  fields: Record<string, Schema>;
}
export interface ListSchema extends Base {
  type: 'list';
  items: Schema;
  minItems?: number;
  maxItems?: number;
}
/** An ArrayBuffer or a typed array (binary frames). */
export interface BytesSchema extends Base {
  type: 'bytes';
}
export type Schema = StringSchema | NumberSchema | BooleanSchema | ObjectSchema | ListSchema | BytesSchema;

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x);

/** "an integer ≥ 1 ≤ 4096": the wording host/params.ts has always used. */
export function numberRange(s: { integer?: boolean; min?: number; max?: number }): string {
  return [
    s.integer ? 'an integer' : 'a number',
    s.min !== undefined ? `≥ ${s.min}` : '',
    s.max !== undefined ? `≤ ${s.max}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

class Problem {
  constructor(
    readonly code: ErrorCode,
    readonly message: string,
  ) {}
}

function check(s: Schema, v: unknown, at: string, method: string): void {
  const bad = (what: string) => new Problem('bad_request', `${method}: ${at} ${what}`);
  if (v === undefined) {
    if (s.optional) return;
    throw bad('is required.');
  }
  switch (s.type) {
    case 'string':
      if (typeof v !== 'string') throw bad('must be a string.');
      if (s.nonEmpty && v === '') throw bad('is required.');
      if (s.oneOf && !s.oneOf.includes(v)) {
        if (s.unknown === 'not_found')
          throw new Problem(
            'not_found',
            `${method}: no ${s.names ?? at} called ${JSON.stringify(v)} (known: ${s.oneOf.join(', ')}).`,
          );
        throw bad(`must be one of ${s.oneOf.join(', ')}.`);
      }
      if (s.pattern && !new RegExp(`^(?:${s.pattern.source})$`).test(v))
        throw bad(`must be ${s.describe ?? `like ${s.pattern.source}`}.`);
      return;
    case 'number': {
      const ok =
        typeof v === 'number' &&
        Number.isFinite(v) &&
        (!s.integer || Number.isInteger(v)) &&
        (s.min === undefined || v >= s.min) &&
        (s.max === undefined || v <= s.max);
      if (!ok) throw bad(`must be ${numberRange(s)}, got ${JSON.stringify(v)}.`);
      return;
    }
    case 'boolean':
      if (typeof v !== 'boolean') throw bad('must be true or false.');
      return;
    case 'bytes':
      if (!(v instanceof ArrayBuffer || ArrayBuffer.isView(v))) throw bad('must be binary data.');
      return;
    case 'list':
      if (!Array.isArray(v)) throw bad('must be a list.');
      if (s.minItems !== undefined && v.length < s.minItems)
        throw bad(s.minItems === 1 ? 'must be a non-empty list.' : `must hold at least ${s.minItems} items.`);
      if (s.maxItems !== undefined && v.length > s.maxItems)
        throw bad(`may hold at most ${s.maxItems} items.`);
      v.forEach((item, i) => check(s.items, item, `${at}[${i}]`, method));
      return;
    case 'object':
      if (!isObject(v)) throw bad('must be an object.');
      for (const [key, field] of Object.entries(s.fields))
        check(field, v[key], at ? `${at}.${key}` : key, method);
      return;
  }
}

/**
 * The problem with `params` for `method`, or null when they fit. The top level is an object whose
 * absence means {} (methods whose params are all optional may be called without any).
 */
export function paramsProblem(method: string, schema: ObjectSchema, params: unknown): ApiError | null {
  if (params !== undefined && params !== null && !isObject(params))
    return { code: 'bad_request', message: `${method}: params must be an object.` };
  try {
    check({ ...schema, optional: undefined }, params ?? {}, '', method);
    return null;
  } catch (e) {
    if (e instanceof Problem) return { code: e.code, message: e.message };
    throw e;
  }
}
