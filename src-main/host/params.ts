/**
 * Checks for request params: they come from the renderer, so they are untrusted. `paramsOf` checks a
 * method's params against its schema (shared/protocol/params-schemas.ts, which the web bridge uses
 * too); the small helpers below serve the methods that have no schema yet.
 */
import { ProtocolError, type Method, type ParamsOf } from '../shared/protocol/index.js';
import { NETWORK_SELECTION, PARAMS_SCHEMAS } from '../shared/protocol/params-schemas.js';
import { numberRange, paramsProblem, type ObjectSchema } from '../shared/protocol/schema.js';
import type { NetworkSelection } from '../shared/spec.js';

function checked<T>(method: string, schema: ObjectSchema, raw: unknown): T {
  const problem = paramsProblem(method, schema, raw);
  if (problem) throw new ProtocolError(problem.code, problem.message);
  return (raw ?? {}) as T;
}

/** The method's params, checked against its schema; a schema must exist (the compiler cannot say). */
export function paramsOf<M extends Method>(method: M, raw: unknown): ParamsOf<M> {
  const schema = PARAMS_SCHEMAS[method];
  if (!schema) throw new Error(`${method} has no params schema in shared/protocol/params-schemas.ts`);
  return checked<ParamsOf<M>>(method, schema, raw);
}

/** A network and its variant options inside another method's params (e.g. weights.load's network). */
export function networkSelection(raw: unknown, method: string): NetworkSelection {
  const p = checked<NetworkSelection>(method, NETWORK_SELECTION, raw ?? {});
  return {
    id: p.id,
    flavour: p.flavour,
    width: p.width,
    input: p.input,
    classes: p.classes,
    extraAux: p.extraAux,
  };
}

export function record(params: unknown, method: string): Record<string, unknown> {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new ProtocolError('bad_request', `${method}: params must be an object.`);
  }
  return params as Record<string, unknown>;
}

interface NumOpts {
  min?: number;
  max?: number;
  integer?: boolean;
}

export function optNumber(
  p: Record<string, unknown>,
  key: string,
  method: string,
  o: NumOpts = {},
): number | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (!o.integer || Number.isInteger(v)) &&
    (o.min === undefined || v >= o.min) &&
    (o.max === undefined || v <= o.max);
  if (!ok)
    throw new ProtocolError(
      'bad_request',
      `${method}: ${key} must be ${numberRange(o)}, got ${JSON.stringify(v)}.`,
    );
  return v;
}

export function number(p: Record<string, unknown>, key: string, method: string, o: NumOpts = {}): number {
  const v = optNumber(p, key, method, o);
  if (v === undefined) throw new ProtocolError('bad_request', `${method}: ${key} is required.`);
  return v;
}

export function optString(p: Record<string, unknown>, key: string, method: string): string | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ProtocolError('bad_request', `${method}: ${key} must be a string.`);
  return v;
}

export function optBoolean(p: Record<string, unknown>, key: string, method: string): boolean | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean')
    throw new ProtocolError('bad_request', `${method}: ${key} must be true or false.`);
  return v;
}
