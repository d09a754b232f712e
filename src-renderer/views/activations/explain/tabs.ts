/**
 * The Explain panel's tabs, in order. A tab is a component that gets the Activations view's state
 * (image, weights, current node); other tabs (feature visualisation, DeepDream, receptive field)
 * append their entry to this list.
 */
import type { Component } from 'svelte';
import type { MessageKey } from '../../../i18n/i18n.svelte.js';
import type { ActivationsState } from '../state.svelte';
import AttributionTab from './AttributionTab.svelte';
import ReceptiveFieldPanel from './ReceptiveFieldPanel.svelte';
import FeatvisTab from './FeatvisTab.svelte';
import DreamTab from './DreamTab.svelte';

export interface ExplainTabProps {
  st: ActivationsState;
}

export interface ExplainTab {
  id: string;
  label: MessageKey;
  component: Component<ExplainTabProps>;
}

export const EXPLAIN_TABS: ExplainTab[] = [
  { id: 'attribution', label: 'explain.tab.attribution', component: AttributionTab },
  { id: 'receptive', label: 'explain.tab.receptive', component: ReceptiveFieldPanel },
  { id: 'featvis', label: 'explain.tab.featvis', component: FeatvisTab },
  { id: 'deepdream', label: 'explain.tab.deepdream', component: DreamTab },
];
