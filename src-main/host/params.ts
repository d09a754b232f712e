/** Small checks for request params: they come from the renderer, so they are untrusted. */
import { ProtocolError } from '../shared/protocol/index.js';

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
  if (!ok) {
    const range = [
      o.integer ? 'an integer' : 'a number',
      o.min !== undefined ? `≥ ${o.min}` : '',
      o.max !== undefined ? `≤ ${o.max}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    throw new ProtocolError('bad_request', `${method}: ${key} must be ${range}, got ${JSON.stringify(v)}.`);
  }
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
