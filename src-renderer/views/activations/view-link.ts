/**
 * The Activations view's link keys beyond the variant and node (issue #14.3): the bundled sample
 * that ran (`image`, a file name from assets/samples — a user's own file cannot travel in a link),
 * the colour scale (`scale`) and the enlarged channel (`channel`). Pure: read from and written to a
 * link's extras; view-link.svelte.ts keeps them in sync with the view.
 */
import type { ScaleMode } from '../../lib/activations/colour';

export const VIEW_KEYS = ['image', 'scale', 'channel'] as const;
const SAMPLE = /^[A-Za-z0-9_-]{1,64}\.(jpe?g|png|webp)$/i;
const MODES: readonly ScaleMode[] = ['channel', 'layer', 'global'];

export interface ViewKeys {
  image?: string;
  scale?: ScaleMode;
  channel?: number;
}

/** The keys a link asks for; malformed values are left out (the view keeps its defaults). */
export function viewKeysFromLink(extra: Record<string, string> | undefined): ViewKeys {
  const out: ViewKeys = {};
  const image = extra?.image;
  if (image && SAMPLE.test(image)) out.image = image;
  const scale = extra?.scale as ScaleMode | undefined;
  if (scale && MODES.includes(scale)) out.scale = scale;
  const channel = Number(extra?.channel);
  if (extra?.channel !== undefined && Number.isInteger(channel) && channel >= 0 && channel < 1e6)
    out.channel = channel;
  return out;
}

/** The extras for the view's state: only what differs from the defaults is written. */
export function viewKeysToExtra(k: ViewKeys): Record<string, string> {
  const out: Record<string, string> = {};
  if (k.image) out.image = k.image;
  if (k.scale && k.scale !== 'channel') out.scale = k.scale;
  if (k.channel !== undefined) out.channel = String(k.channel);
  return out;
}
