/**
 * Turning a group request into stored runs: the recipe per member, the memory plan, and the fairness
 * conditions every member shares (seed, data order, initialisation, data, batch, steps).
 */
import { randomBytes } from 'node:crypto';
import { analyse } from '../../analysis/analyse.js';
import { buildNetwork, resolveOptions } from '../../zoo/index.js';
import type { NetworkSpec } from '../../shared/spec.js';
import { prepare, type LoadedData } from '../data/index.js';
import { BatchOrder } from '../data/pipeline.js';
import { INIT_SCHEMES } from './init.js';
import { planMemory } from './memory.js';
import { withBnMomentum, withResidualScale } from './net.js';
import { defaultRecipe, editRecipe, scheduleMessage } from './recipe.js';
import type { Conditions, GroupRequest, RunMember, RunMeta } from './types.js';

export const DEFAULT_SEED = 1;

/** The spec a run trains: its variant, with the recipe's residual-scale override applied. */
export function runSpec(
  meta: Pick<RunMeta, 'network' | 'flavour' | 'width' | 'input' | 'classes' | 'recipe'>,
): NetworkSpec {
  let spec = buildNetwork(meta.network, {
    flavour: meta.flavour,
    width: meta.width,
    input: meta.input,
    classes: meta.classes,
  });
  if (meta.recipe.residualScale !== null) spec = withResidualScale(spec, meta.recipe.residualScale);
  // Runs stored before the field existed have no bnMomentum: they keep the spec's.
  if (meta.recipe.bnMomentum != null) spec = withBnMomentum(spec, meta.recipe.bnMomentum);
  return spec;
}

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
const shortId = () => randomBytes(3).toString('hex');

function recipeSummary(m: RunMeta): string {
  const r = m.recipe;
  const opt =
    r.optimizer.kind === 'rmsprop'
      ? `RMSProp (ρ ${r.optimizer.decay}, ε ${r.optimizer.epsilon}, momentum ${r.optimizer.momentum})`
      : r.optimizer.kind === 'adam'
        ? `Adam (β1 ${r.optimizer.momentum}, β2 ${r.optimizer.decay}, ε ${r.optimizer.epsilon})`
        : `SGD (momentum ${r.optimizer.momentum})`;
  const aux = m.auxHeads.length ? `, aux ${m.auxHeads.map((h) => `${h.name}×${h.weight}`).join(' ')}` : '';
  const clip = r.clip.kind === 'none' ? '' : `, clip ${r.clip.threshold}`;
  const ls = r.labelSmoothing ? `, label smoothing ${r.labelSmoothing}` : '';
  return `${m.name}: ${opt}, lr ${r.lr}${clip}${ls}${aux}`;
}

/** Metas for every member of a group (not yet stored). `backend` decides the memory ceiling. */
export function planGroup(req: GroupRequest, loaded: LoadedData, backend: string): RunMeta[] {
  if (req.runs.length === 0) throw new Error('a group needs at least one run');
  if (!(req.steps > 0)) throw new Error('steps must be positive');
  const seed = req.seed ?? DEFAULT_SEED;
  const init = req.init ?? 'glorot-uniform';
  const groupId = `${stamp()}-${shortId()}`;
  const valFraction = req.valFraction ?? 0.1;
  const prepared = prepare(loaded, { valFraction, seed, maxTrain: req.maxTrain, maxVal: req.maxVal });
  const classes = prepared.classNames.length;
  const metas = req.runs.map((member: RunMember, i): RunMeta => {
    const o = resolveOptions(member.variant.network, {
      flavour: member.variant.flavour,
      width: member.variant.width,
      input: member.variant.input,
      classes,
    });
    const recipe = editRecipe(defaultRecipe(member.variant.network), member.recipe);
    if (req.batch) recipe.batch = req.batch;
    recipe.valFraction = valFraction;
    const batch = recipe.batch;
    const order = new BatchOrder(prepared.train.count, batch, seed);
    const base = {
      network: member.variant.network,
      flavour: o.flavour,
      width: o.width,
      input: o.input,
      classes,
      recipe,
    };
    const spec = runSpec(base);
    const analysis = analyse(spec);
    const plan = planMemory(analysis, batch, backend, recipe.accumulate);
    const schedule = scheduleMessage(recipe, req.steps, order.stepsPerEpoch);
    const auxHeads = spec.aux.map((h) => ({
      name: h.name,
      weight: recipe.useAux ? (recipe.auxWeights[h.name] ?? h.lossWeight) : 0,
    }));
    const name = member.name ?? `${spec.title}${o.width !== 1 ? ` ×${o.width}` : ''} @${o.input}`;
    return {
      id: `${groupId}-${i}-${member.variant.network}`,
      name,
      groupId,
      members: [],
      createdAt: Date.now(),
      ...base,
      classNames: prepared.classNames,
      data: loaded.source,
      dataName: loaded.name,
      dataNotes: prepared.notes,
      trainCount: prepared.train.count,
      valCount: prepared.val.count,
      scheduleText: schedule.text,
      scheduleMsg: schedule.msg,
      seed,
      init,
      steps: req.steps,
      batch,
      stepsPerEpoch: order.stepsPerEpoch,
      replicas: Math.max(1, req.replicas ?? 1),
      microBatch: plan.microBatch,
      accumulate: plan.accumulate,
      memoryText: plan.text,
      memoryMsg: plan.msg,
      backend,
      ...(req.engine && req.engine !== 'auto' ? { engine: req.engine } : {}),
      checkpointEvery: req.checkpointEvery ?? Math.max(10, Math.min(200, order.stepsPerEpoch)),
      // The default interval is also bounded in time, so a crash loses about a minute of work at most.
      checkpointSeconds: req.checkpointSeconds ?? (req.checkpointEvery === undefined ? 60 : undefined),
      // Early and often on a fixed subset (as many images in all as 10 full validations), so a short
      // run's validation curves start within its first minutes instead of showing nothing.
      valEvery:
        req.valEvery ?? (req.steps < 5 * order.stepsPerEpoch ? Math.max(1, Math.ceil(req.steps / 40)) : 0),
      valSubset: req.valSubset ?? 256,
      maxTrain: req.maxTrain,
      maxVal: req.maxVal,
      status: 'created',
      lastStep: 0,
      conditions: null as unknown as Conditions,
      auxHeads,
    };
  });
  const ids = metas.map((m) => m.id);
  const data = `${loaded.name}: ${metas[0].trainCount} training / ${metas[0].valCount} validation images, ${classes} classes`;
  const text =
    `${metas.length > 1 ? `These ${metas.length} runs started together and share` : 'This run uses'}: seed ${seed} ` +
    `(the same initial weights for layers of the same name and shape, the same data order, the same augmentation and the same dropout masks), ` +
    `initialisation ${INIT_SCHEMES[init]}, data ${data}, batch ${metas[0].batch}, ${req.steps} steps. ` +
    (metas.length > 1
      ? `They differ in network and recipe — ${metas.map(recipeSummary).join('; ')}.`
      : recipeSummary(metas[0]) + '.');
  // The recipes stay in English inside the translated sentence: they are mostly symbols and names.
  const recipes = metas.length > 1 ? metas.map(recipeSummary).join('; ') : recipeSummary(metas[0]);
  const textMsg = {
    key: metas.length > 1 ? 'train.msg.conditions.group' : 'train.msg.conditions.single',
    params: {
      runs: metas.length,
      seed,
      init: INIT_SCHEMES[init],
      dataName: loaded.name,
      train: metas[0].trainCount,
      val: metas[0].valCount,
      classes,
      batch: metas[0].batch,
      steps: req.steps,
      recipes,
    },
  };
  if (new Set(metas.map((m) => m.batch)).size > 1)
    throw new Error('runs started together must use the same batch size');
  for (const m of metas) {
    m.members = ids;
    m.conditions = {
      seed,
      init,
      initText: INIT_SCHEMES[init],
      data,
      batch: m.batch,
      steps: req.steps,
      text,
      textMsg,
    };
  }
  return metas;
}
