/**
 * The new-runs form as data: presets (the v4 paper's comparisons, reduced for a CPU), what a deep link
 * asks for, and the group request the engine receives. Pure, so it is unit-tested.
 */
// .js suffixes: bench/convergence.bench.ts loads this module under Node's resolution too.
import type { GroupRequest, Recipe } from '../../../src-main/shared/protocol/index.js';
import type { FlavourId, NetworkId } from '../../../src-main/shared/spec.js';

/** Sizes that keep a run to minutes on two CPU cores; the UI says so and lets the user raise them. */
export const CPU_VARIANT = { width: 0.25, input: 48 };

export interface MemberForm {
  network: NetworkId;
  flavour?: FlavourId;
  width: number;
  input: number;
  /** The full recipe being edited (from train.defaults), or null until it arrives. */
  recipe: Recipe | null;
  /** One weight for every aux head, or null for the spec's weights. */
  auxWeight: number | null;
}

export type DataKind = 'mnist' | 'shapes' | 'folder' | 'cifar10';

export interface DataForm {
  kind: DataKind;
  path: string;
  count: number;
  dataSeed: number;
  perClass: number;
  /** Shapes at the 'nuisances' level (rotation, distractors, noise): much harder. */
  nuisances: boolean;
}

export interface GroupForm {
  members: MemberForm[];
  data: DataForm;
  steps: number;
  batch: number;
  seed: number;
  init: string;
  replicas: number;
  valFraction: number;
  maxTrain: number | null;
  crop: boolean;
  flip: boolean;
}

/** The recipe changes a run sends (the engine applies them to its paper defaults). */
export type RecipeEdit = NonNullable<GroupRequest['runs'][number]['recipe']>;

export type PresetId = 'convergence' | 'convergence2';

export interface Preset {
  networks: [NetworkId, NetworkId];
  width: number;
  input: number;
  data: DataKind;
  /** MNIST images per class (the package has about 1,000). */
  perClass: number;
  steps: number;
  /** Horizontal flips: off for digits, which a mirror does not keep. */
  flip: boolean;
}

/**
 * The v4 paper's comparisons, at a size where the curves part within minutes on two CPU cores. Measured
 * (bench/results/convergence.json, MNIST, ×0.125 / 32 px): Inception-ResNet-v1 was under 30 % validation
 * error at step 120 and under 20 % at 160; Inception-v3 reached them at steps 240 and 280.
 */
const CPU_MNIST = {
  width: 0.125,
  input: 32,
  data: 'mnist',
  perClass: 1000,
  steps: 400,
  flip: false,
} as const;

export const PRESETS: Record<PresetId, Preset> = {
  convergence: { networks: ['inception_v3', 'inception_resnet_v1'], ...CPU_MNIST },
  convergence2: { networks: ['inception_v4', 'inception_resnet_v2'], ...CPU_MNIST },
};

export function member(network: NetworkId): MemberForm {
  return { network, width: CPU_VARIANT.width, input: CPU_VARIANT.input, recipe: null, auxWeight: null };
}

/** The form for these networks; a preset also sets the variant size, the data and the step budget. */
export function defaultForm(
  networks: NetworkId[] = PRESETS.convergence.networks,
  preset?: PresetId | null,
): GroupForm {
  const p = preset ? PRESETS[preset] : undefined;
  return {
    members: networks.map((n) => (p ? { ...member(n), width: p.width, input: p.input } : member(n))),
    // Custom runs start on the procedural shapes (offline, seeded, clean level).
    data: {
      kind: p?.data ?? 'shapes',
      path: '',
      count: 2000,
      dataSeed: 1,
      perClass: p?.perClass ?? 200,
      nuisances: false,
    },
    steps: p?.steps ?? 300,
    batch: 16,
    seed: 1,
    init: 'glorot-uniform',
    replicas: 1,
    valFraction: 0.1,
    maxTrain: null,
    crop: true,
    flip: p?.flip ?? true,
  };
}

/**
 * What a link asks for: `preset=convergence` (lesson 13), or `network=…&compare=…` for any pair.
 * Returns the networks to put in the form, or null when the link names none.
 */
export function networksFromLink(
  network: NetworkId | undefined,
  extra: Record<string, string> | undefined,
  isNetwork: (id: string) => id is NetworkId,
): { preset: PresetId | null; networks: NetworkId[] } | null {
  const preset = extra?.preset;
  if (preset === 'convergence' || preset === 'convergence2') {
    const [a, b] = PRESETS[preset].networks;
    return {
      preset,
      networks: [network ?? a, extra?.compare && isNetwork(extra.compare) ? extra.compare : b],
    };
  }
  const compare = extra?.compare;
  if (network && compare && isNetwork(compare)) return { preset: null, networks: [network, compare] };
  return null;
}

/** Training images the data will give, for the schedule estimate before the engine loads it. */
export function estimateTrainCount(f: GroupForm): number | null {
  const total =
    f.data.kind === 'shapes'
      ? f.data.count
      : f.data.kind === 'mnist'
        ? f.data.perClass * 10
        : f.data.kind === 'cifar10'
          ? 50_000
          : null;
  if (total === null) return f.maxTrain;
  // CIFAR-10 brings its own test batch; the others hold out valFraction.
  const train = f.data.kind === 'cifar10' ? total : Math.round(total * (1 - f.valFraction));
  return f.maxTrain ? Math.min(train, f.maxTrain) : train;
}

export function estimateStepsPerEpoch(f: GroupForm): number | null {
  const n = estimateTrainCount(f);
  return n === null ? null : Math.max(1, Math.floor(n / f.batch));
}

/** The changes from the paper's recipe that the engine needs (it applies them to its own defaults). */
export function recipeEdit(edited: Recipe | null, m: MemberForm, aux: string[]): RecipeEdit | undefined {
  if (!edited) return undefined;
  const edit: RecipeEdit = {
    optimizer: { ...edited.optimizer },
    lr: edited.lr,
    decayRate: edited.decayRate,
    decayEpochs: edited.decayEpochs,
    schedule: edited.schedule,
    referenceEpochs: edited.referenceEpochs,
    clip:
      edited.clip.threshold > 0
        ? { kind: 'global-norm', threshold: edited.clip.threshold }
        : { kind: 'none', threshold: 0 },
    labelSmoothing: edited.labelSmoothing,
    useAux: edited.useAux,
    residualScale: edited.residualScale,
    accumulate: edited.accumulate,
    maxValImages: edited.maxValImages,
  };
  if (m.auxWeight !== null) edit.auxWeights = Object.fromEntries(aux.map((a) => [a, m.auxWeight!]));
  return edit;
}

/** Aux head names per network (the zoo's specs), so one weight field can set them all. */
export const AUX_HEADS: Partial<Record<NetworkId, string[]>> = {
  googlenet: ['aux1', 'aux2'],
  inception_v2: ['AuxLogits'],
  inception_v3: ['AuxLogits'],
  inception_v4: ['AuxLogits'],
  inception_resnet_v2: ['AuxLogits'],
};

export function toGroupRequest(f: GroupForm): GroupRequest {
  const data: GroupRequest['data'] =
    f.data.kind === 'shapes'
      ? {
          kind: 'shapes',
          seed: f.data.dataSeed,
          count: f.data.count,
          ...(f.data.nuisances ? { level: 'nuisances' as const } : {}),
        }
      : f.data.kind === 'mnist'
        ? { kind: 'mnist', perClass: f.data.perClass }
        : f.data.kind === 'folder'
          ? { kind: 'folder', path: f.data.path.trim() }
          : { kind: 'cifar10', path: f.data.path.trim() };
  return {
    runs: f.members.map((m) => {
      const edit = recipeEdit(m.recipe, m, AUX_HEADS[m.network] ?? []);
      const augment = {
        crop: f.crop,
        flip: f.flip,
        ...(m.recipe ? { minArea: m.recipe.augment.minArea } : {}),
      };
      return {
        variant: {
          network: m.network,
          ...(m.flavour ? { flavour: m.flavour } : {}),
          width: m.width,
          input: m.input,
        },
        recipe: { ...(edit ?? {}), augment },
      };
    }),
    data,
    steps: f.steps,
    batch: f.batch,
    seed: f.seed,
    init: f.init as GroupRequest['init'],
    replicas: f.replicas,
    valFraction: f.valFraction,
    ...(f.maxTrain ? { maxTrain: f.maxTrain } : {}),
  };
}

export interface ScheduleSummary {
  decays: number;
  /** Steps between decays (NaN when there are none). */
  every: number;
  endLr: number;
}

/** How the schedule lands on this run's steps (the engine's recipe.ts says the same in words). */
export function scheduleSummary(r: Recipe, steps: number, stepsPerEpoch: number): ScheduleSummary {
  if (r.schedule === 'constant' || r.decayEpochs <= 0) return { decays: 0, every: NaN, endLr: r.lr };
  if (r.schedule === 'epochs') {
    const decays = Math.floor(steps / stepsPerEpoch / r.decayEpochs);
    return {
      decays,
      every: decays ? r.decayEpochs * stepsPerEpoch : NaN,
      endLr: r.lr * Math.pow(r.decayRate, decays),
    };
  }
  const decays = Math.floor(r.referenceEpochs / r.decayEpochs);
  return { decays, every: decays ? steps / decays : NaN, endLr: r.lr * Math.pow(r.decayRate, decays) };
}
