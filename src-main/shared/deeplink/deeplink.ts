/**
 * Deep links: every view state as a URL hash, `#/<view>?network=…&flavour=…&module=…&node=…&lesson=…&step=…`.
 * Pure parse and serialise, shared by the renderer (location.hash) and the CLI (`inception-explorer open`).
 * Accepted inputs: a bare hash ("#/browse?…"), a hash path without '#' ("/browse?…"), a full web-mode URL
 * whose hash carries the state, or the app scheme "inception-explorer://browse?…".
 */

import { FLAVOUR_IDS, NETWORK_IDS } from '../spec.js';

/** The zoo's ids (shared/spec.ts holds the one list). */
export const NETWORKS = NETWORK_IDS;
export const FLAVOURS = FLAVOUR_IDS;
export const LESSON_COUNT = 13;
export const SCHEME = 'inception-explorer:';

export interface LinkState {
  /** A view slug: 'browse', 'lessons', 'training', 'glossary', … (lower-case letters, digits and '-'). */
  view: string;
  network?: (typeof NETWORKS)[number];
  flavour?: (typeof FLAVOURS)[number];
  /** Module id inside the network, e.g. 'inception_4a'. */
  module?: string;
  /** Node path id, e.g. 'inception_4a/branch2/conv_1'. */
  node?: string;
  /** Lesson number, 1-based. */
  lesson?: number;
  /** Step inside the lesson, 1-based. */
  step?: number;
  /** Presenter mode. */
  present?: boolean;
  /** View-specific keys (e.g. training runs, compare target), kept verbatim. */
  extra?: Record<string, string>;
}

export class DeepLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeepLinkError';
  }
}

const KNOWN = ['network', 'flavour', 'module', 'node', 'lesson', 'step', 'present'] as const;
const VIEW_RE = /^[a-z][a-z0-9-]*$/;

function positiveInt(key: string, raw: string, max?: number): number {
  if (!/^\d+$/.test(raw)) throw new DeepLinkError(`${key} must be a positive whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < 1 || (max !== undefined && n > max)) {
    throw new DeepLinkError(`${key} must be between 1 and ${max ?? '∞'}, got ${n}`);
  }
  return n;
}

/** The "<view>?query" part of any accepted link form. */
function hashPart(input: string): string {
  const s = input.trim();
  if (s.startsWith('#')) return s.slice(1).replace(/^\//, '');
  if (s.startsWith('/')) return s.slice(1);
  if (s.toLowerCase().startsWith(SCHEME)) {
    const rest = s.slice(SCHEME.length).replace(/^\/\//, '');
    // "inception-explorer://open#/browse?…" and "inception-explorer://browse?…" both work.
    const hash = rest.indexOf('#');
    return hash >= 0 ? rest.slice(hash + 1).replace(/^\//, '') : rest.replace(/^\//, '');
  }
  if (/^https?:\/\//i.test(s) || /^file:\/\//i.test(s)) {
    const hash = s.indexOf('#');
    if (hash < 0) return '';
    return s.slice(hash + 1).replace(/^\//, '');
  }
  throw new DeepLinkError(`not a link: "${s}" (expected "#/view?…", an http URL or ${SCHEME}//view?…)`);
}

export function parseLink(input: string): LinkState {
  const part = hashPart(input);
  const q = part.indexOf('?');
  const view = (q >= 0 ? part.slice(0, q) : part).replace(/\/+$/, '') || 'browse';
  if (!VIEW_RE.test(view)) throw new DeepLinkError(`unknown view "${view}"`);
  const params = new URLSearchParams(q >= 0 ? part.slice(q + 1) : '');
  const state: LinkState = { view };
  const extra: Record<string, string> = {};
  for (const [key, value] of params) {
    switch (key) {
      case 'network':
        if (!(NETWORKS as readonly string[]).includes(value)) {
          throw new DeepLinkError(`unknown network "${value}" (one of ${NETWORKS.join(', ')})`);
        }
        state.network = value as LinkState['network'];
        break;
      case 'flavour':
        if (!(FLAVOURS as readonly string[]).includes(value)) {
          throw new DeepLinkError(`unknown flavour "${value}" (one of ${FLAVOURS.join(', ')})`);
        }
        state.flavour = value as LinkState['flavour'];
        break;
      case 'module':
      case 'node':
        if (value === '') throw new DeepLinkError(`${key} is empty`);
        state[key] = value;
        break;
      case 'lesson':
        state.lesson = positiveInt('lesson', value, LESSON_COUNT);
        break;
      case 'step':
        state.step = positiveInt('step', value);
        break;
      case 'present':
        if (value !== '1' && value !== '0' && value !== 'true' && value !== 'false') {
          throw new DeepLinkError(`present must be 1 or 0, got "${value}"`);
        }
        if (value === '1' || value === 'true') state.present = true;
        break;
      default:
        extra[key] = value;
    }
  }
  if (Object.keys(extra).length > 0) state.extra = extra;
  return state;
}

/** The canonical hash for a state, starting with '#/'. Keys in a fixed order so links compare equal. */
export function serialiseLink(state: LinkState): string {
  if (!VIEW_RE.test(state.view)) throw new DeepLinkError(`unknown view "${state.view}"`);
  const params = new URLSearchParams();
  for (const key of KNOWN) {
    const v = state[key];
    if (v === undefined || v === false) continue;
    params.set(key, v === true ? '1' : String(v));
  }
  const extra = state.extra ?? {};
  for (const key of Object.keys(extra).sort()) {
    if ((KNOWN as readonly string[]).includes(key))
      throw new DeepLinkError(`extra key "${key}" shadows a known key`);
    params.set(key, extra[key]);
  }
  const query = params.toString().replace(/%2F/gi, '/');
  return `#/${state.view}${query ? `?${query}` : ''}`;
}

/** A full link for sharing: the page address with the state's hash. */
export function linkUrl(base: string, state: LinkState): string {
  const hash = base.indexOf('#');
  return (hash >= 0 ? base.slice(0, hash) : base) + serialiseLink(state);
}

/**
 * The link to share: the app scheme, with no address or token, so it survives a restart and hands
 * nobody the session. `inception-explorer open '<link>'` (or pasting it into the app) opens it.
 */
export function shareLink(state: LinkState): string {
  return `${SCHEME}//${serialiseLink(state).slice(2)}`;
}

/**
 * A link's extras with the keys one view owns replaced by `own` (other views' keys kept), or undefined
 * when nothing is left: how each view writes its knobs without erasing anyone else's.
 */
export function replaceExtra(
  current: Record<string, string> | undefined,
  owned: readonly string[],
  own: Record<string, string>,
): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(current ?? {})) if (!owned.includes(key)) out[key] = value;
  Object.assign(out, own);
  return Object.keys(out).length ? out : undefined;
}

/** Two extras hold the same keys and values, in any order. */
export const sameExtra = (
  a: Record<string, string> | undefined,
  b: Record<string, string> | undefined,
): boolean =>
  JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());

/** Structural equality of two states (undefined keys and empty extras ignored). */
export function sameLink(a: LinkState, b: LinkState): boolean {
  return serialiseLink(a) === serialiseLink(b);
}
