/**
 * The app's views, in tab order. Each lives in its own folder and is loaded when first shown.
 * `slugs` are the deep-link views (#/<slug>) a view answers to.
 */
import type { Component } from 'svelte';

export interface ViewDef {
  id: 'browse' | 'activations' | 'training' | 'lessons';
  label: string;
  slugs: string[];
  load: () => Promise<{ default: Component }>;
}

export const VIEWS: ViewDef[] = [
  { id: 'browse', label: 'Browse', slugs: ['browse'], load: () => import('./browse/BrowseView.svelte') },
  {
    id: 'activations',
    label: 'Activations',
    slugs: ['activations'],
    load: () => import('./activations/ActivationsView.svelte'),
  },
  {
    id: 'training',
    label: 'Training',
    slugs: ['training'],
    load: () => import('./training/TrainingView.svelte'),
  },
  {
    id: 'lessons',
    label: 'Lessons',
    slugs: ['lessons', 'glossary'],
    load: () => import('./lessons/LessonsView.svelte'),
  },
];

export function viewForSlug(slug: string): ViewDef {
  return VIEWS.find((v) => v.slugs.includes(slug)) ?? VIEWS[0];
}
