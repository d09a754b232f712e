/** Glossary entries (English). Each term has a name and a definition; the ids are in glossary/terms.ts. */
export const glossary = {
  'term.stem.name': 'stem',
  'term.stem.def':
    'The plain convolution and pooling layers at the very start of the network, before the first Inception module. They shrink the image quickly to a grid the modules can afford.',
  'term.inception-module.name': 'Inception module',
  'term.inception-module.def':
    'A block that runs several convolutions of different sizes and a pooling side by side on the same input, then stacks their outputs along the channel axis.',
  'term.conv-1x1.name': '1×1 convolution',
  'term.conv-1x1.def':
    'A convolution whose kernel covers one pixel. At every position it mixes the input channels into new ones, like a fully connected layer applied across depth. Used to shrink or grow the number of channels cheaply.',
  'term.nin.name': 'Network-in-Network',
  'term.nin.def':
    'Lin, Chen and Yan (2013): put a small multilayer network, in practice 1×1 convolutions with ReLU, inside each convolution. GoogLeNet borrows its 1×1 layers and its name from this idea.',
  'term.dimension-reduction.name': 'dimension reduction',
  'term.dimension-reduction.def':
    'A 1×1 convolution (“reduce”) placed before an expensive 3×3 or 5×5 convolution to lower the number of channels it has to read.',
  'term.pool-proj.name': 'pool projection',
  'term.pool-proj.def':
    'The 1×1 convolution placed after the pooling branch of an Inception module. Pooling cannot change the channel count, so this layer sets it.',
  'term.aux-classifier.name': 'auxiliary classifier',
  'term.aux-classifier.def':
    'A small extra classifier attached to a middle layer during training only. Its loss is added with a small weight (0.3 in GoogLeNet) and it is thrown away for inference.',
  'term.bn.name': 'batch normalization',
  'term.bn.def':
    'Normalising each channel with the mean and variance of the current mini-batch, then applying a learned scale and shift. It lets networks train faster with larger learning rates.',
  'term.bn-auxiliary.name': 'BN-auxiliary',
  'term.bn-auxiliary.def':
    'An auxiliary classifier whose fully connected layer is also batch-normalised. It is the last change of Inception-v3 in the Rethinking paper’s Table 3.',
  'term.factorisation.name': 'factorisation',
  'term.factorisation.def':
    'Replacing one large convolution by a sequence of smaller ones that see the same region, such as 5×5 by two 3×3, to save computation.',
  'term.asymmetric-conv.name': 'asymmetric convolution',
  'term.asymmetric-conv.def':
    'A 1×n or n×1 convolution. A 1×n followed by an n×1 covers an n×n region for 2n instead of n² weights per channel pair.',
  'term.grid-reduction.name': 'grid reduction',
  'term.grid-reduction.def':
    'Halving the height and width of the feature maps, usually while doubling the channels. Rethinking does it with parallel stride-2 convolution and pooling branches.',
  'term.representational-bottleneck.name': 'representational bottleneck',
  'term.representational-bottleneck.def':
    'A point where the feature maps suddenly become much smaller (height × width × channels), so information is lost before the network can use it.',
  'term.label-smoothing.name': 'label smoothing',
  'term.label-smoothing.def':
    'Training against a softened target: the true class gets 1 − ε plus a small share ε/K, every other class gets ε/K. It discourages over-confident predictions.',
  'term.rmsprop.name': 'RMSProp',
  'term.rmsprop.def':
    'An optimiser that divides each gradient by a running average of its recent magnitude. Inception-v3 and v4 used decay 0.9 and ε = 1.0.',
  'term.residual-connection.name': 'residual connection',
  'term.residual-connection.def':
    'A shortcut that adds a block’s input to its output, so the block only has to learn a correction. It makes very deep networks train faster.',
  'term.residual-scaling.name': 'residual scaling',
  'term.residual-scaling.def':
    'Multiplying the residual branch by a small constant (0.1 to 0.3) before the addition. It kept very wide Inception-ResNets from dying early in training.',
  'term.filter-expansion.name': 'filter expansion',
  'term.filter-expansion.def':
    'The 1×1 convolution without activation at the end of an Inception-ResNet block. It brings the branch back to the input’s depth so the two can be added.',
  'term.reduction-a.name': 'Reduction-A',
  'term.reduction-a.def':
    'The 35×35 → 17×17 grid-reduction block of Inception-v4 and Inception-ResNet. Its filter counts k, l, m, n change per network (the paper’s Table 1).',
  'term.reduction-b.name': 'Reduction-B',
  'term.reduction-b.def': 'The 17×17 → 8×8 grid-reduction block of Inception-v4 and Inception-ResNet.',
  'term.mac.name': 'multiply-add (MAC)',
  'term.mac.def':
    'One multiplication and one addition: the unit the papers use for computational cost. A k×k convolution costs k·k·C_in·C_out of them per output position.',
  'term.params.name': 'parameters',
  'term.params.def':
    'The learned numbers of a network: weights and biases, and for batch normalization its scale and shift.',
  'term.receptive-field.name': 'receptive field',
  'term.receptive-field.def': 'The region of the input image that can influence one output value.',
  'term.sparsity.name': 'sparse structure',
  'term.sparsity.def':
    'A network in which each unit connects to only a few others. In theory efficient, but hardware computes dense matrices much faster than sparse ones.',
  'term.valid-padding.name': 'valid padding (V)',
  'term.valid-padding.def':
    'No zero padding: the kernel only visits positions that fit fully inside the input, so the output shrinks. The Inception-v4 figures mark such layers with “V”.',
  'term.concat.name': 'concatenation',
  'term.concat.def':
    'Stacking feature maps of the same height and width along the channel axis. The depth of the result is the sum of the depths.',
  'term.top5.name': 'top-5 error',
  'term.top5.def':
    'The fraction of images whose true class is not among the model’s five most likely guesses. Top-1 error counts only the first guess.',
  'term.grid.name': 'grid',
  'term.grid.def': 'The height × width of a feature map, such as 35×35, 17×17 or 8×8 in Inception-v3.',
} as const;
