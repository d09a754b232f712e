/**
 * The app's views, in tab order. Each lives in its own folder and is loaded when first shown.
 * `slugs` are the deep-link views (#/<slug>) a view answers to.
 */
import type { Component } from 'svelte';
import type { MessageKey } from '../i18n/i18n.svelte.js';

export interface ViewDef {
  id: 'browse' | 'activations' | 'training' | 'lessons';
  label: string;
  /** The i18n key of the tab's label (`label` is its English text, for logs). */
  labelKey: MessageKey;
  slugs: string[];
  load: () => Promise<{ default: Component }>;
}

export const VIEWS: ViewDef[] = [
  {
    id: 'browse',
    labelKey: 'view.browse',
    label: 'Browse',
    slugs: ['browse'],
    load: () => import('./browse/BrowseView.svelte'),
  },
  {
    id: 'activations',
    labelKey: 'view.activations',
    label: 'Activations',
    slugs: ['activations'],
    load: () => import('./activations/ActivationsView.svelte'),
  },
  {
    id: 'training',
    labelKey: 'view.training',
    label: 'Training',
    slugs: ['training'],
    load: () => import('./training/TrainingView.svelte'),
  },
  {
    id: 'lessons',
    labelKey: 'view.lessons',
    label: 'Lessons',
    slugs: ['lessons', 'glossary'],
    load: () => import('./lessons/LessonsView.svelte'),
  },
];

export function viewForSlug(slug: string): ViewDef {
  return VIEWS.find((v) => v.slugs.includes(slug)) ?? VIEWS[0];
}
