/**
 * What a user changed about runs in the list: a new name, a new colour, or "removed from the list".
 * For the app's own runs the engine stores these beside the run (train.setMeta, display.json), so
 * every window agrees; what is kept here, in the renderer's storage keyed by run id, is for imported
 * curves, and older choices for app runs made before the engine kept them.
 */

export interface RunPrefs {
  names: Record<string, string>;
  colours: Record<string, string>;
  /** Runs removed from the list (their folders stay). */
  removed: string[];
}

export const STORAGE_KEY = 'inception-explorer.run-prefs';
export const EMPTY_PREFS: RunPrefs = { names: {}, colours: {}, removed: [] };

const isColour = (c: unknown): c is string => typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c);

function strings(o: unknown, ok: (v: unknown) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  if (o && typeof o === 'object')
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) if (ok(v)) out[k] = v as string;
  return out;
}

/** Parses stored prefs; anything malformed is dropped rather than trusted. */
export function parsePrefs(text: string | null): RunPrefs {
  if (!text) return EMPTY_PREFS;
  try {
    const o = JSON.parse(text) as Partial<Record<keyof RunPrefs, unknown>>;
    return {
      names: strings(o.names, (v) => typeof v === 'string' && v.trim().length > 0 && v.length <= 200),
      colours: strings(o.colours, isColour),
      removed: Array.isArray(o.removed) ? o.removed.filter((v): v is string => typeof v === 'string') : [],
    };
  } catch {
    return EMPTY_PREFS;
  }
}

export function loadPrefs(storage: Pick<Storage, 'getItem'> | undefined): RunPrefs {
  try {
    return parsePrefs(storage?.getItem(STORAGE_KEY) ?? null);
  } catch {
    return EMPTY_PREFS; // storage refused (private mode)
  }
}

export function savePrefs(storage: Pick<Storage, 'setItem'> | undefined, p: RunPrefs): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(p));
  } catch {
    // Not persisted; the change still holds for this session.
  }
}

/** A new name; an empty one (or the original) drops the override. */
export function renamed(p: RunPrefs, id: string, name: string, original: string): RunPrefs {
  const names = { ...p.names };
  const n = name.trim().slice(0, 200);
  if (!n || n === original) delete names[id];
  else names[id] = n;
  return { ...p, names };
}

export function recoloured(p: RunPrefs, id: string, colour: string): RunPrefs {
  if (!isColour(colour)) return p;
  return { ...p, colours: { ...p.colours, [id]: colour.toLowerCase() } };
}

export function removed(p: RunPrefs, id: string): RunPrefs {
  return p.removed.includes(id) ? p : { ...p, removed: [...p.removed, id] };
}
