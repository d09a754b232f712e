/**
 * Request params come from the renderer (or a browser tab), so they are untrusted. `paramsOf` checks
 * a method's params against its schema (shared/protocol/params-schemas.ts, which the web bridge uses
 * too) and hands the handler typed params; a handler checks by hand only what a schema cannot say.
 */
import { ProtocolError, type Method, type ParamsOf } from '../shared/protocol/index.js';
import { NETWORK_SELECTION, PARAMS_SCHEMAS } from '../shared/protocol/params-schemas.js';
import { paramsProblem, type ObjectSchema } from '../shared/protocol/schema.js';
import type { NetworkSelection } from '../shared/spec.js';

function checked<T>(method: string, schema: ObjectSchema, raw: unknown): T {
  const problem = paramsProblem(method, schema, raw);
  if (problem) throw new ProtocolError(problem.code, problem.message);
  return (raw ?? {}) as T;
}

/** The method's params, checked against its schema (every method has one: params-schema.test.ts). */
export function paramsOf<M extends Method>(method: M, raw: unknown): ParamsOf<M> {
  const schema = PARAMS_SCHEMAS[method];
  if (!schema) throw new Error(`${method} has no params schema in shared/protocol/params-schemas.ts`);
  return checked<ParamsOf<M>>(method, schema, raw);
}

/**
 * A network and its variant options inside another method's params (e.g. weights.load's network),
 * copied field by field so nothing unchecked rides along into the spec builder.
 */
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
