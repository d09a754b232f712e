/**
 * Walks a spec into the flat node DAG and the group tree. Node ids are '/'-joined paths from the
 * module name down (a module's top block adds no path segment of its own; a module that is a single
 * layer is the node id itself). Node ids and group ids are separate namespaces: a single-layer
 * module's group has the same id as its node. Concats add a '<group>/concat' node, residuals '<group>/add'.
 */
import type { AuxHead, Block, Concat, Layer, Module, NetworkSpec, Residual, Seq } from '../shared/spec.js';
import { SpecError } from './errors.js';
import { layerMacs, layerParams, zeroParams } from './params.js';
import { inputField, layerField, mergeFields } from './receptive-field.js';
import { resolveLayer } from './resolve.js';
import { checkShape, concatShape, layerOutShape, ShapeError } from './shapes.js';
import type { AnalysedGroup, AnalysedNode, GroupKind, Shape } from '../shared/analysis-types.js';

interface Ctx {
  /** Module or aux-head name, for errors and node.module. */
  module: string;
  stage: string;
  /** Ids of the groups that contain new nodes, outermost first. */
  groups: string[];
  aux?: string;
  /** Channels at the input of the innermost residual block, for 'match-input'. */
  residualC?: number;
}

export interface Walked {
  nodes: AnalysedNode[];
  groups: AnalysedGroup[];
  /** Output node id of the inference graph. */
  output: string;
}

const isPosInt = (n: number) => Number.isInteger(n) && n > 0;

class Walker {
  readonly nodes: AnalysedNode[] = [];
  private readonly byId = new Map<string, AnalysedNode>();
  private readonly groupMap = new Map<string, AnalysedGroup>();
  private readonly moduleOut = new Map<string, { node: string; stage: string }>();

  constructor(private readonly spec: NetworkSpec) {}

  node(id: string): AnalysedNode {
    return this.byId.get(id)!;
  }

  private addNode(
    n: Omit<AnalysedNode, 'groups' | 'stage' | 'module' | 'params' | 'macs'> & Partial<AnalysedNode>,
    ctx: Ctx,
  ): string {
    if (this.byId.has(n.id)) throw new SpecError(ctx.module, `duplicate node id '${n.id}'`, n.id);
    const node: AnalysedNode = {
      params: zeroParams(),
      macs: 0,
      ...n,
      groups: [...ctx.groups],
      stage: ctx.stage,
      module: ctx.module,
    };
    if (ctx.aux) node.aux = ctx.aux;
    this.nodes.push(node);
    this.byId.set(node.id, node);
    for (const g of ctx.groups) this.groupMap.get(g)!.nodes.push(node.id);
    return node.id;
  }

  private openGroup(
    id: string,
    kind: GroupKind,
    name: string,
    inId: string,
    ctx: Ctx,
    extra: Partial<AnalysedGroup> = {},
  ): Ctx {
    if (this.groupMap.has(id)) throw new SpecError(ctx.module, `duplicate group id '${id}'`);
    const parent = ctx.groups[ctx.groups.length - 1];
    const g: AnalysedGroup = {
      id,
      kind,
      name,
      nodes: [],
      children: [],
      inShape: this.node(inId).outShape,
      outShape: [],
      params: zeroParams(),
      macs: 0,
      rf: inputField(),
      output: inId,
      ...extra,
    };
    if (parent !== undefined) {
      g.parent = parent;
      this.groupMap.get(parent)!.children.push(id);
    }
    this.groupMap.set(id, g);
    return { ...ctx, groups: [...ctx.groups, id] };
  }

  private closeGroup(id: string, outId: string): void {
    const g = this.groupMap.get(id)!;
    const out = this.node(outId);
    g.output = outId;
    g.outShape = out.outShape;
    g.rf = out.rf;
  }

  /** A layer with 'classes' and 'match-input' resolved, checked for non-positive hyper-parameters. */
  private resolve(l: Layer, id: string, ctx: Ctx): Layer {
    const bad = (what: string) => new SpecError(ctx.module, `non-positive size: ${what}`, id);
    if (l.op === 'conv') {
      let filters = l.filters;
      if (filters === 'match-input') {
        if (ctx.residualC === undefined)
          throw new SpecError(ctx.module, `'match-input' conv outside a residual block`, id);
        filters = ctx.residualC;
      }
      if (!isPosInt(filters)) throw bad(`filters ${filters}`);
      if (![...l.kernel, ...l.strides].every(isPosInt))
        throw bad(`kernel ${l.kernel.join('×')} / strides ${l.strides.join('×')}`);
      return { ...l, filters };
    }
    if (l.op === 'dense') {
      const units = l.units === 'classes' ? this.spec.variant.classes : l.units;
      if (!isPosInt(units)) throw bad(`units ${units}`);
      return { ...l, units };
    }
    if (l.op === 'maxpool' || l.op === 'avgpool') {
      if (![...l.pool, ...l.strides, ...(l.adaptive ?? [])].every(isPosInt))
        throw bad(`pool ${l.pool.join('×')} / strides ${l.strides.join('×')}`);
    }
    if (l.op === 'dropout' && !(l.rate >= 0 && l.rate < 1)) {
      throw new SpecError(ctx.module, `dropout rate must be in [0, 1), got ${l.rate}`, id);
    }
    return l;
  }

  private layer(l: Layer, id: string, inId: string, ctx: Ctx): string {
    const layer = this.resolve(l, id, ctx);
    const input = this.node(inId);
    try {
      const outShape = layerOutShape(layer, input.outShape);
      checkShape(outShape);
      return this.addNode(
        {
          id,
          kind: 'layer',
          layer,
          op: layer.op,
          inputs: [inId],
          inShapes: [input.outShape],
          outShape,
          params: layerParams(layer, input.outShape),
          macs: layerMacs(layer, input.outShape, outShape),
          rf: layerField(layer, input.rf, input.outShape),
          resolved: resolveLayer(layer, input.outShape),
        },
        ctx,
      );
    } catch (e) {
      if (e instanceof ShapeError) throw new SpecError(ctx.module, e.message, id);
      throw e;
    }
  }

  private items(items: Block[], prefix: string, inId: string, ctx: Ctx): string {
    let cur = inId;
    for (const b of items) cur = this.block(b, prefix, cur, ctx);
    return cur;
  }

  /** A nested block: layers become nodes, seq/concat/residual open a group named by their path. */
  private block(b: Block, prefix: string, inId: string, ctx: Ctx): string {
    if ('op' in b) return this.layer(b, `${prefix}/${b.name}`, inId, ctx);
    const id = `${prefix}/${b.name}`;
    const inner = this.openGroup(id, b.kind, b.name, inId, ctx);
    const out = this.body(b, id, inId, inner);
    this.closeGroup(id, out);
    return out;
  }

  /** The contents of a seq/concat/residual placed under `groupId` (whose group is already open). */
  private body(b: Seq | Concat | Residual, groupId: string, inId: string, ctx: Ctx): string {
    if (b.kind === 'seq') return this.items(b.items, groupId, inId, ctx);
    if (b.kind === 'concat') return this.concat(b, groupId, inId, ctx);
    return this.residual(b, groupId, inId, ctx);
  }

  private concat(c: Concat, groupId: string, inId: string, ctx: Ctx): string {
    if (c.branches.length === 0) throw new SpecError(ctx.module, `concat '${c.name}' has no branches`);
    const outs = c.branches.map((br) => this.block(br, groupId, inId, ctx));
    const ins = outs.map((o) => this.node(o));
    const id = `${groupId}/concat`;
    try {
      const outShape = concatShape(
        ins.map((n) => n.outShape),
        c.branches.map((b) => b.name),
      );
      return this.addNode(
        {
          id,
          kind: 'concat',
          op: 'concat',
          inputs: outs,
          inShapes: ins.map((n) => n.outShape),
          outShape,
          rf: mergeFields(ins.map((n) => n.rf)),
        },
        ctx,
      );
    } catch (e) {
      if (e instanceof ShapeError) throw new SpecError(ctx.module, e.message, id);
      throw e;
    }
  }

  private residual(r: Residual, groupId: string, inId: string, ctx: Ctx): string {
    const input = this.node(inId);
    const c = input.outShape[input.outShape.length - 1]!;
    // The body's own seq adds no group: its items sit directly under the residual.
    const bodyOut = this.node(this.items(r.body.items, groupId, inId, { ...ctx, residualC: c }));
    const same =
      bodyOut.outShape.length === input.outShape.length &&
      bodyOut.outShape.every((d, i) => d === input.outShape[i]);
    if (!same) {
      throw new SpecError(
        ctx.module,
        `residual '${r.name}' body returns ${bodyOut.outShape.join('×')} but its input is ${input.outShape.join('×')}`,
        bodyOut.id,
      );
    }
    return this.addNode(
      {
        id: `${groupId}/add`,
        kind: 'add',
        op: 'add',
        inputs: [inId, bodyOut.id],
        inShapes: [input.outShape, bodyOut.outShape],
        outShape: [...input.outShape],
        rf: mergeFields([input.rf, bodyOut.rf]),
        scale: r.scale,
        activation: r.activation,
      },
      ctx,
    );
  }

  module(m: Module, stageCtx: Ctx, inId: string): string {
    const ctx = this.openGroup(
      m.name,
      'module',
      m.name,
      inId,
      { ...stageCtx, module: m.name },
      { paperName: m.paperName, type: m.type },
    );
    const b = m.body;
    const out = 'op' in b ? this.layer(b, m.name, inId, ctx) : this.body(b, m.name, inId, ctx);
    this.closeGroup(m.name, out);
    this.moduleOut.set(m.name, { node: out, stage: stageCtx.stage });
    return out;
  }

  aux(a: AuxHead): void {
    const at = this.moduleOut.get(a.attachTo);
    if (!at) throw new SpecError(a.name, `aux head attaches to unknown module '${a.attachTo}'`);
    const ctx = this.openGroup(
      a.name,
      'aux',
      a.name,
      at.node,
      { module: a.name, stage: at.stage, groups: [], aux: a.name },
      {
        paperName: a.name,
        type: 'aux',
        attachTo: a.attachTo,
        lossWeight: a.lossWeight,
      },
    );
    this.closeGroup(a.name, this.items(a.body.items, a.name, at.node, ctx));
  }

  run(): Walked {
    const [h, w, c] = this.spec.variant.input;
    const input: Shape = [h, w, c];
    if (!input.every(isPosInt)) throw new SpecError('input', `non-positive size: input ${input.join('×')}`);
    let cur = this.addNode(
      {
        id: 'input',
        kind: 'input',
        op: 'input',
        inputs: [],
        inShapes: [],
        outShape: input,
        rf: inputField(),
      },
      { module: '', stage: '', groups: [] },
    );
    for (const s of this.spec.stages) {
      const ctx = this.openGroup(s.name, 'stage', s.name, cur, { module: s.name, stage: s.name, groups: [] });
      for (const m of s.modules) cur = this.module(m, ctx, cur);
      this.closeGroup(s.name, cur);
    }
    const output = cur;
    for (const a of this.spec.aux) this.aux(a);
    const groups = [...this.groupMap.values()];
    for (const g of groups) {
      for (const id of g.nodes) {
        const n = this.node(id);
        g.params = {
          pytorch: g.params.pytorch + n.params.pytorch,
          kerasTrainable: g.params.kerasTrainable + n.params.kerasTrainable,
          kerasNonTrainable: g.params.kerasNonTrainable + n.params.kerasNonTrainable,
        };
        g.macs += n.macs;
      }
    }
    return { nodes: this.nodes, groups, output };
  }
}

export function walk(spec: NetworkSpec): Walked {
  return new Walker(spec).run();
}
