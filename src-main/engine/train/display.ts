/**
 * What a user changed about how a run is shown (issue #14.10): its display name, its chart colour,
 * and whether it is hidden from the run list. Kept in `display.json` beside the run's own files
 * (run.json stays the training record), so every window and `train --list` see the same thing.
 * The run's folder is never renamed or deleted: "remove from the list" hides it.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DISPLAY_FILE = 'display.json';
export const MAX_NAME = 200;
const COLOUR = /^#[0-9a-f]{6}$/i;
/** A run id is a folder name of the runs folder: nothing that climbs out of it. */
const RUN_ID = /^[\w.-]+$/;

export interface RunDisplay {
  name?: string;
  colour?: string;
  hidden?: boolean;
}

/** A change: a value sets, '' (name, colour) or false (hidden) clears back to the run's own. */
export interface RunDisplayPatch {
  name?: string;
  colour?: string;
  hidden?: boolean;
}

export class DisplayError extends Error {
  constructor(
    readonly code: 'not_found' | 'bad_request',
    message: string,
  ) {
    super(message);
    this.name = 'DisplayError';
  }
}

function clean(o: unknown): RunDisplay {
  const out: RunDisplay = {};
  if (!o || typeof o !== 'object') return out;
  const r = o as Record<string, unknown>;
  if (typeof r.name === 'string' && r.name.trim() && r.name.length <= MAX_NAME) out.name = r.name.trim();
  if (typeof r.colour === 'string' && COLOUR.test(r.colour)) out.colour = r.colour.toLowerCase();
  if (r.hidden === true) out.hidden = true;
  return out;
}

/** A run's display settings; none (or a damaged file) reads as none: the run's own name shows. */
export function readDisplay(runDir: string): RunDisplay {
  try {
    return clean(JSON.parse(readFileSync(join(runDir, DISPLAY_FILE), 'utf8')));
  } catch {
    return {};
  }
}

/** Applies a change to run `id` under `root` and returns what is now stored. */
export function writeDisplay(root: string, id: string, patch: RunDisplayPatch): RunDisplay {
  const dir = join(root, id);
  if (!RUN_ID.test(id) || id === '.' || id === '..' || !existsSync(join(dir, 'run.json')))
    throw new DisplayError('not_found', `There is no run "${id}" in the data folder.`);
  if (patch.name !== undefined && patch.name.trim().length > MAX_NAME)
    throw new DisplayError('bad_request', `A run's name is at most ${MAX_NAME} characters.`);
  if (patch.colour !== undefined && patch.colour !== '' && !COLOUR.test(patch.colour))
    throw new DisplayError('bad_request', `A run's colour is written #rrggbb, got "${patch.colour}".`);
  const next: RunDisplay = { ...readDisplay(dir) };
  if (patch.name !== undefined) {
    if (patch.name.trim()) next.name = patch.name.trim();
    else delete next.name;
  }
  if (patch.colour !== undefined) {
    if (patch.colour) next.colour = patch.colour.toLowerCase();
    else delete next.colour;
  }
  if (patch.hidden !== undefined) {
    if (patch.hidden) next.hidden = true;
    else delete next.hidden;
  }
  // Written whole and renamed into place, so a reader never sees half a file.
  const tmp = join(dir, `${DISPLAY_FILE}.tmp`);
  writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n');
  renameSync(tmp, join(dir, DISPLAY_FILE));
  return next;
}
