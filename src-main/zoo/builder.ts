/**
 * The contract between the zoo registry (index.ts) and the network builders in networks/.
 * A builder gets fully resolved options and returns the full-width spec; the registry applies the
 * width multiplier afterwards (generically, see width.ts), so builders never scale filters themselves.
 */
import type { FigureRef, FlavourId, NetworkId, NetworkSpec } from '../shared/spec.js';

export interface BuildOptions {
  /** Already defaulted by the registry to the entry's defaultFlavour. */
  flavour: FlavourId;
  /** Square input side in pixels (the registry fills in the entry's default, 224 or 299). */
  input: number;
  classes: number;
  /** Build optional aux heads that the flavour leaves out by default (e.g. TF-slim's v4 head). */
  extraAux: boolean;
}

/** Builders set `variant.width` to 1; the registry overwrites it after scaling. */
export type NetworkBuilder = (opts: BuildOptions) => NetworkSpec;

export interface ZooEntry {
  id: NetworkId;
  title: string;
  paper: FigureRef['paper'];
  flavours: FlavourId[];
  defaultFlavour: FlavourId;
  /** Default square input side. */
  defaultInput: number;
  defaultClasses: number;
  /** One or two lines for `zoo` and the app's picker: what the flavours are and where they differ. */
  notes: string;
}
