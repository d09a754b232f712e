/**
 * English words around the Browse view's module figures (figure-model.ts, gallery.ts). Paper names
 * and layer labels ("1×7 conv, 192", "Mixed_6b", "Figure 10") are notation and come in as {params}.
 */
export const figures = {
  'fig.paper.P1': 'GoogLeNet paper',
  'fig.paper.P2': 'BN-Inception paper',
  'fig.paper.P3': 'Rethinking paper',
  'fig.paper.P4': 'Inception-v4 paper',
  'fig.ref': '{paper}, {figure}',
  'fig.noRef': 'no figure in the paper',
  'fig.filterConcat': 'Filter concat',
  'fig.scale': 'scale {scale}',
  'fig.input': 'Input',
  'fig.previousLayer': 'Previous layer',
  'fig.outputOf': 'output of {name}',
  'fig.theModule': 'the module',
  'fig.naiveTitle': 'Inception module, naïve version (GoogLeNet Figure 2(a))',
  'fig.derivedFrom': 'derived from {name} ({ref})',
  'fig.naiveNote':
    "Figure 2(a) is not a module of any network: this is {name} with its 1×1 reduction and pool-projection convolutions removed ({n} layers), as the paper's naive version.",
  'fig.naiveNoShapes':
    'Without the reductions the output depth grows to the sum of the branch widths plus the input depth, so no shapes are shown.',
  'fig.auxNote': 'training only · loss weight {weight}',
  'fig.printedAs': 'printed: {printed} ✱',
  'fig.misprint':
    '✱ {figure} prints {printed} here, a misprint: the residual add needs the input depth, {used}, which the network uses.',
  'fig.printedDiffers':
    '✱ {figure} prints {printed} here; this released network uses {used} (its input depth).',
  'fig.key': 'Key',
  'fig.op.input': 'input / previous layer',
  'fig.op.conv': 'convolution (+ ReLU)',
  'fig.op.linear': '1×1 linear convolution',
  'fig.op.pool': 'pooling',
  'fig.op.concat': 'filter concat',
  'fig.op.add': 'residual add (scaled)',
  'fig.op.relu': 'ReLU',
  'fig.op.dense': 'fully connected / softmax',
  'fig.op.aux': 'auxiliary head (training only)',
  'fig.op.module': 'Inception block',
  'fig.op.other': 'other',
  'fig9.title': 'Grid-size reduction alternatives (Rethinking Figure 9)',
  'fig9.caption': 'derived from {name} ({ref}): {from} → {to}',
  'fig9.pooling': 'Pooling',
  'fig9.stride2': 'stride 2',
  'fig9.left':
    'Left: pooling first leaves a {d2}×{d2}×{k} representational bottleneck before the Inception block (the paper: it violates principle 1).',
  'fig9.right':
    "Right: the Inception block at {d}×{d} before pooling keeps the representation but costs about three times as much (the paper's words).",
  'fig9.both':
    'Figure 10 ({name}) does both in parallel, stride-2 convolutions beside a stride-2 pool, concatenated.',
  'gallery.naive': 'Inception module, naïve (derived)',
  'gallery.naiveRef': 'GoogLeNet paper, Figure 2(a)',
  'gallery.aux': '{name} (auxiliary head)',
  'gallery.fig9': 'Grid-reduction alternatives (derived)',
  'gallery.fig9Ref': 'Rethinking paper, Figure 9',
} as const;
