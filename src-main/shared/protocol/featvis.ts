/**
 * Feature visualisation and DeepDream over the protocol (the Explain panel's two tabs). Pictures
 * travel as PNG bytes (what the view shows and what Export saves), never as JSON arrays.
 * Node- and DOM-free: the renderer imports it.
 */
import type { NetworkSelection } from '../spec.js';

export type FeatvisObjectiveKind = 'channel' | 'neuron' | 'direction';

export interface FeatvisSettings {
  /** Adam steps (default 512, Lucid's). */
  steps?: number;
  /** Default 0.05 (Lucid's). */
  learningRate?: number;
  /** Pictures optimised together (default 1). */
  batch?: number;
  /** Weight of Lucid's diversity term (needs batch ≥ 2); 0 = off. */
  diversity?: number;
  /** Lucid's standard robustness transforms (default on). */
  transforms?: boolean;
  seed?: number;
}

/** Which weights: the Activations session's (weightsId), else the network with random weights. */
export interface FeatvisSubject {
  weightsId?: string;
  network?: NetworkSelection;
}

export interface FeatvisRenderParams extends FeatvisSubject {
  node: string;
  objective?: FeatvisObjectiveKind;
  channel?: number;
  /** Neuron objective: the unit (default the centre). */
  y?: number;
  x?: number;
  /** Direction objective: one weight per channel. */
  vector?: number[];
  settings?: FeatvisSettings;
  /** Skip the cache lookup (the picture is still stored). */
  fresh?: boolean;
}

export interface FeatvisPicture {
  /** Cache key: the same request gives the same picture from disk. */
  key: string;
  cached: boolean;
  /** PNG of the batch side by side, each size × size. */
  png: Uint8Array;
  size: number;
  batch: number;
  objective: number[];
  /** Milliseconds it took to make (on the engine named by `backend`). */
  ms: number;
  backend: string;
  /**
   * Set when the channel was off, with no gradient, on the starting picture, so the value before
   * its ReLU was optimised instead: that node (a branch's conv, for a concat) and its channel.
   */
  preRelu?: { node: string; channel: number };
}

export interface FeatvisEstimateParams extends FeatvisSubject {
  node: string;
  settings?: FeatvisSettings;
}

export interface FeatvisEstimateResult {
  backend: string;
  /** Measured on this engine for this network (one step at the requested batch). */
  msPerStep: number;
  steps: number;
  seconds: number;
}

export interface FeatvisSheetParams extends FeatvisSubject {
  node: string;
  /** Channels to render (default every channel of the node). */
  channels?: number[];
  settings?: FeatvisSettings;
  columns?: number;
}

export interface FeatvisSheetResult {
  png: Uint8Array;
  columns: number;
  rows: number;
  cell: number;
  channels: number[];
  /** How many came from the cache. */
  cached: number;
}

export interface FeatvisExamplesParams extends FeatvisSubject {
  node: string;
  channel: number;
  /** A folder of the user's images, one sub-folder per class (the training data layout). */
  folder: string;
  k?: number;
}

export interface FeatvisExample {
  className: string;
  index: number;
  value: number;
  png: Uint8Array;
}

export interface FeatvisExamplesResult {
  examples: FeatvisExample[];
  scanned: number;
  notes: string[];
}

export interface DreamParams extends FeatvisSubject {
  /** An image loaded with image.load. */
  imageId: string;
  node: string;
  octaves?: number;
  octaveScale?: number;
  iterations?: number;
  /** Step size in 0–255 pixel units (deepdream.ipynb's 1.5). */
  step?: number;
  /** Longest side the dream is made at (default twice the network input). */
  maxSide?: number;
  seed?: number;
}

export interface DreamResult {
  png: Uint8Array;
  width: number;
  height: number;
  ms: number;
  backend: string;
}
