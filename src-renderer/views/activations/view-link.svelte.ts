/**
 * Keeps the Activations view's sample image, colour scale and enlarged channel in its link, both
 * ways (keys in view-link.ts): a link opened fresh loads the sample, runs it, and shows the same
 * node (ActivationsView), scale and channel. Call once from the view's component setup.
 */
import { untrack } from 'svelte';
import { replaceOwnExtra, route } from '../../lib/deeplink/store.svelte';
import type { ActivationsState } from './state.svelte';
import { VIEW_KEYS, viewKeysFromLink, viewKeysToExtra } from './view-link';

export function bindViewLink(st: ActivationsState): void {
  /** A channel the link asks for, applied once its node is on screen. */
  let wantChannel: number | undefined;
  let loadedFromLink: string | undefined;
  /** The keys this view last wrote: the link echoing them back is not a request to change. */
  let written: string | undefined;

  // Link → view: a sample not yet loaded is loaded (and runs); the scale is set; the channel waits.
  $effect(() => {
    const l = route.state;
    if (l.view !== 'activations') return;
    const k = viewKeysFromLink(l.extra);
    // Our own write coming back (e.g. the node changes before the cleared channel is written).
    if (JSON.stringify(viewKeysToExtra(k)) === written) return;
    untrack(() => {
      if (k.scale && st.mode !== k.scale) st.mode = k.scale;
      if (k.channel !== undefined && k.channel !== st.channel) wantChannel = k.channel;
      if (k.image && k.image !== st.sample && k.image !== loadedFromLink && !st.imageBusy) {
        loadedFromLink = k.image;
        void st.loadImage({ sample: k.image });
      }
    });
  });

  // The asked-for channel, once the run is there and the node's tensor is shown.
  $effect(() => {
    const id = st.currentId;
    const shown = id ? st.shown.get(id) : undefined;
    if (!shown || wantChannel === undefined) return;
    untrack(() => {
      if (wantChannel !== undefined && wantChannel < shown.C) st.channel = wantChannel;
      wantChannel = undefined;
    });
  });

  // View → link (replacing the history entry: these are small changes).
  $effect(() => {
    const own = viewKeysToExtra({ image: st.sample, scale: st.mode, channel: st.channel });
    // Wait until the view has written its new node: a write of ours first would carry the old node,
    // and the view would go back to it.
    const node = route.state.node;
    const id = st.currentId;
    untrack(() => {
      const cur = route.state;
      if (cur.view !== 'activations' || st.imageBusy || (id && node !== id)) return;
      // Until the link's channel is applied, keep it in the link.
      if (wantChannel !== undefined) own.channel = String(wantChannel);
      written = JSON.stringify(own);
      replaceOwnExtra(VIEW_KEYS, own);
    });
  });
}
