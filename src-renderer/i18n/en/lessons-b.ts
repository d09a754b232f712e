/** Lesson texts 7–13 (English). */
export const lessonsB = {
  'lesson.7.title': 'Smaller convolutions',
  'lesson.7.summary': 'A 5×5 convolution becomes two 3×3: the same view for 28% less.',
  'lesson.7.s1.head': 'Two 3×3 see as far as one 5×5',
  'lesson.7.s1.body':
    'With the same number of filters, a 5×5 convolution costs 25/9 ≈ 2.78 times a 3×3. Stack two 3×3 instead: the second one looks at 3×3 outputs of the first, so together they cover a 5×5 patch of the input. The cost per channel pair is 9 + 9 = 18 against 25. This [[factorisation|factorisation]] saves 28%, for parameters and multiply-adds alike.\n\nThe calculator generalises it: an n×n kernel becomes (n − 1)/2 stacked 3×3.',
  'lesson.7.s2.head': 'Does it cost accuracy?',
  'lesson.7.s2.body':
    'The two-layer version is a little less expressive in theory, and the first layer needs an activation. The Rethinking paper tested both options: a ReLU after the first 3×3 reached 77.2% top-1, a linear first layer 76.2%. So ReLU everywhere. In Inception-v2 every 5×5 of the 35×35 modules is replaced this way (Figure 5).',
  'l7.calc.n': 'Kernel n × n',
  'l7.calc.size': 'Grid',
  'l7.calc.c': 'Channels in and out',
  'l7.calc.stack': '{count} × 3×3',
  'l7.check.saving': 'Saving of 5×5 → two 3×3',
  'l7.check.ratio': 'Cost of 5×5 against 3×3',
  'l7.check.taps': 'Weights per channel pair',

  'lesson.8.title': 'Asymmetric convolutions',
  'lesson.8.summary': 'n×n becomes 1×n followed by n×1; a third cheaper at n = 3, and more as n grows.',
  'lesson.8.s1.head': 'Cutting a square in two strips',
  'lesson.8.s1.body':
    'A 3×1 convolution followed by a 1×3 covers the same 3×3 patch for 3 + 3 = 6 weights per channel pair instead of 9: 33% cheaper. Splitting a 3×3 into two 2×2 would save only 11%. In general 1×n + n×1 costs 2n against n², so the saving 1 − 2/n grows with n. These are [[asymmetric-conv|asymmetric convolutions]].',
  'lesson.8.s2.head': 'Where it works: medium grids',
  'lesson.8.s2.body':
    'The authors found it does not work well early in the network, but very well on grids between 12×12 and 20×20. Inception-v3 uses 1×7 followed by 7×1 in its 17×17 modules (Figure 6). The figure highlights those layers in Mixed_6b.',
  'l8.calc.n': 'n',
  'l8.calc.square': 'n×n',
  'l8.calc.strips': '1×n + n×1',
  'l8.calc.twoByTwo': 'Two 2×2 instead of one 3×3',
  'l8.check.three': 'Saving for 3×3',
  'l8.check.twoByTwo': 'Saving of two 2×2',
  'l8.check.grid': 'Grid of the 1×7/7×1 modules',
  'l8.check.gridPaper': 'between 12 and 20',

  'lesson.9.title': 'Shrinking the grid efficiently',
  'lesson.9.summary':
    'Pool first and lose information, or convolve first and pay four times as much: Inception does both at once.',
  'lesson.9.s1.head': 'Two naive orders',
  'lesson.9.s1.body':
    'Take a d×d grid with k channels to a d/2×d/2 grid with 2k channels. Convolving first (stride 1, 2k filters) and then pooling costs about 2d²k² multiply-adds. Pooling first and then convolving costs 2(d/2)²k², a quarter of that. The paper’s example is d = 35, k = 320.',
  'lesson.9.s2.head': 'The cheap order makes a bottleneck',
  'lesson.9.s2.body':
    'Pooling first squeezes the representation to (d/2)²·k values before the convolution can widen it again: a [[representational-bottleneck|representational bottleneck]], which principle 1 forbids. Convolving first keeps the information but pays the full price.',
  'lesson.9.s3.head': 'Do both, in parallel',
  'lesson.9.s3.body':
    'Rethinking’s [[grid-reduction|grid reduction]] runs a stride-2 convolution and a stride-2 pooling side by side and concatenates them (Figure 10). Each half is cheap and the output still has 2k channels. Inception-v3’s Mixed_6a is such a block: 35×35 in, 17×17 out.',
  'l9.calc.d': 'Grid d',
  'l9.calc.k': 'Channels k',
  'l9.calc.convPool': 'Conv, then pool: 2d²k²',
  'l9.calc.poolConv': 'Pool, then conv: 2(d/2)²k²',
  'l9.calc.parallel': 'Parallel stride-2 conv (k filters) + pool',
  'l9.calc.parallelNote': 'Same counting convention, derived by the app; the paper prints no number for it.',
  'l9.calc.values': 'Values in the representation',
  'l9.calc.input': 'Input d²k',
  'l9.calc.bottleneck': 'After pooling (d/2)²k',
  'l9.calc.target': 'Target (d/2)²·2k',
  'l9.check.convPool': '2d²k² at d = 35, k = 320',
  'l9.check.poolConv': '2(d/2)²k² at d = 35, k = 320',
  'l9.check.ratio': 'Conv-first against pool-first',
  'l9.check.ratioPaper': '“reducing the cost by a quarter”; Fig. 9 caption: “3 times more expensive”',
  'l9.check.mixed6a': 'Output of Inception-v3’s Mixed_6a',

  'lesson.10.title': 'From Inception-v2 to v3',
  'lesson.10.summary': 'Four changes added one at a time, and what each bought in Table 3.',
  'lesson.10.s1.head': 'Table 3 is cumulative',
  'lesson.10.s1.body':
    'In the Rethinking paper, “Inception-v2” is the network of its Table 1. Each following row of Table 3 adds one change on top of the previous one; the last row is what the paper calls **Inception-v3**. The Δ column is the app’s arithmetic on the printed errors.\n\nBeware the name clash: the Inception-v4 paper calls BN-Inception “Inception-v2”.',
  'lesson.10.s2.head': 'RMSProp',
  'lesson.10.s2.body':
    'The first change swaps momentum SGD for [[rmsprop|RMSProp]] with decay 0.9 and ε = 1.0. The learning rate starts at 0.045 and is multiplied by 0.94 every two epochs. The calculator shows the rate at any epoch.',
  'lesson.10.s3.head': 'Label smoothing',
  'lesson.10.s3.body':
    'A one-hot target asks the network to make the true logit infinitely larger than the others. [[label-smoothing|Label smoothing]] asks for less: q′(k) = (1 − ε)·δ(k, y) + ε/K. With K = 1000 classes and ε = 0.1 the true class gets 0.9001 and every other class 0.0001. Move ε and watch the targets and the loss of a fixed prediction change.',
  'lesson.10.s4.head': 'Factorised 7×7 and BN-auxiliary',
  'lesson.10.s4.body':
    'The third change factorises the first 7×7 convolution into a sequence of 3×3 convolutions. (Table 1 already shows three 3×3 layers in the stem, a known oddity of the paper.) The last change batch-normalises the fully connected layer of the auxiliary head: the [[bn-auxiliary|BN-auxiliary]]. With all four, single-crop top-1 error falls from 23.4% to 21.2%.',
  'l10.col.network': 'Network',
  'l10.col.top1': 'Top-1 error',
  'l10.col.top5': 'Top-5 error',
  'l10.col.cost': 'Cost (Bn ops)',
  'l10.col.delta': 'Δ top-1 (app)',
  'l10.calc.epoch': 'Epoch',
  'l10.calc.lr': 'Learning rate',
  'l10.calc.classes': 'Classes K (shown)',
  'l10.calc.epsilon': 'ε',
  'l10.calc.true': 'True class',
  'l10.calc.target': 'Target',
  'l10.calc.loss': 'Cross-entropy of the prediction shown',
  'l10.calc.lossOneHot': 'against one-hot targets',
  'l10.calc.lossSmooth': 'against smoothed targets',
  'l13.measured':
    'Validation top-1 error this preset gave on a quiet 2-core machine (both runs in {seconds} s)',
  'l10.worked':
    'With the paper’s K = 1000 and ε = 0.1, the smoothed target is {t} for the true class and {o} for every other class (worked out here from the formula; the paper prints neither).',
  'l11.table': 'Table 1 as printed (k, l, m, n) and the Reduction-A that the spec builds from it',
  'l11.col.outDepth': 'Output depth (computed)',
  'l10.check.final': 'Top-1 error of Inception-v3 (last row)',
  'l10.check.total': 'Total Δ top-1 from Inception-v2',

  'lesson.11.title': 'Inception-v4',
  'lesson.11.summary': 'A uniform design per grid size: the stem, 4×A, 7×B, 3×C, and two reductions.',
  'lesson.11.s1.head': 'A new stem',
  'lesson.11.s1.body':
    'Inception-v4 was the first of the family designed for TensorFlow, free of the old partitioning limits, so every grid size gets one uniform kind of block. Its [[stem|stem]] already uses the module ideas: parallel stride-2 convolution and pooling, and 1×7/7×1 pairs. Layers marked V use [[valid-padding|valid padding]]. It turns 299×299×3 into 35×35×384.',
  'lesson.11.s2.head': '4 × A, 7 × B, 3 × C',
  'lesson.11.s2.body':
    'Four Inception-A modules work on the 35×35 grid, seven Inception-B on 17×17, three Inception-C on 8×8. None of them changes the size of its input; only the reduction blocks do. The counts and shapes below are read from the spec.',
  'lesson.11.s3.head': 'Reduction-A and Table 1',
  'lesson.11.s3.body':
    'The same [[reduction-a|Reduction-A]] serves three networks with different filter counts: a stride-2 max pool, a stride-2 3×3 with n filters, and 1×1 (k) → 3×3 (l) → stride-2 3×3 (m). Table 1 lists k, l, m, n per network. The pool passes every input channel, so the output depth is input + n + m.',
  'l11.col.stage': 'Stage',
  'l11.col.count': 'Modules',
  'l11.col.output': 'Output',
  'l11.col.network': 'Network',
  'l11.calc.cin': 'Input depth',
  'l11.calc.preset': 'Preset',
  'l11.check.stem': 'Output of the stem',
  'l11.check.counts': 'Inception-A, B, C blocks',

  'lesson.12.title': 'Residual connections',
  'lesson.12.summary':
    'Adding shortcuts to Inception blocks, who pairs with whom, and why the residuals are scaled down.',
  'lesson.12.s1.head': 'Inception block plus shortcut',
  'lesson.12.s1.body':
    'An Inception-ResNet block runs a slimmed-down Inception block, brings its output back to the input depth with a 1×1 [[filter-expansion|filter expansion]] (no activation), and adds it to the input: out = ReLU(x + s·F(x)). Batch normalization sits on the ordinary layers but not on the sums, to save memory. The figure shows one such block.',
  'lesson.12.s2.head': 'Who pairs with whom',
  'lesson.12.s2.body':
    'The versions line up by cost: Inception-ResNet-v1 costs about as much as Inception-v3, and Inception-ResNet-v2 about as much as Inception-v4. The table computes each network’s size from its spec.',
  'lesson.12.s3.head': 'Scaling the residuals',
  'lesson.12.s3.body':
    'With more than about 1000 filters the residual versions “died”: after tens of thousands of steps the last layer before pooling output only zeros, and lower learning rates did not help. Multiplying the residual by 0.1 to 0.3 before the addition fixed it and never hurt accuracy: [[residual-scaling|residual scaling]]. The toy model shows why: every unscaled addition inflates the activations, and a few dozen blocks compound it.',
  'l12.col.network': 'Network',
  'l12.col.partner': 'Residual partner',
  'l12.calc.scale': 'Scale s',
  'l12.calc.gain': 'Branch size relative to x',
  'l12.calc.blocks': 'Blocks',
  'l12.calc.growth': 'Activation scale after the last block',
  'l12.calc.note': 'A toy model (independent branch outputs), not a number from the paper.',
  'l12.check.scales': 'Scales of the released Inception-ResNet-v2 (A, B, C)',
  'l12.check.range': 'between 0.1 and 0.3',
  'l12.check.cost': 'Multiply-adds: Inception-ResNet-v1 against Inception-v3',
  'l12.check.costPaper': '“roughly the cost of Inception-v3”',

  'lesson.13.title': 'Convergence',
  'lesson.13.summary':
    'Residual networks train faster; the final accuracy follows model size. See it on your machine.',
  'lesson.13.s1.head': 'What Figures 21–26 show',
  'lesson.13.s1.body':
    'The Inception-v4 paper ends with six plots of validation error during training. Figures 21 and 22 pit Inception-v3 against a residual network of similar cost (Inception-ResNet-v1), Figures 23 and 24 pit Inception-v4 against Inception-ResNet-v2, and Figures 25 and 26 put all four together.',
  'lesson.13.s2.head': 'Run it yourself',
  'lesson.13.s2.body':
    'The training view is set up for exactly the first comparison: Inception-v3 against Inception-ResNet-v1, same data, same seed, same recipe. On this machine it uses reduced variants, so the curves show the trend, not the paper’s numbers.',
  'lesson.13.s3.head': 'Reading the curves honestly',
  'lesson.13.s3.body':
    'The captions say the residual versions train “much faster”, but the paper gives no number for the speed-up, and the x-axis unit is not stated in the text. The final errors are close: the residual network ends slightly worse in top-1 for the v3 pair and slightly better for the v4 pair. Figure 25’s caption sums it up: the final accuracy seems to depend mainly on model size. All curves use the non-blacklisted validation images, about 0.3% (top-1) more optimistic than the full set.',
  'l13.col.fig': 'Figure',
  'l13.col.compares': 'Compares',
  'l13.col.metric': 'Error',
  'l13.col.finding': 'Caption’s finding',
  'l13.fig21': 'Residual trains much faster, ends slightly worse.',
  'l13.fig22': 'Residual trains much faster, ends slightly better.',
  'l13.fig23': 'Residual much faster, slightly better. The caption says v3 where it means v4.',
  'l13.fig24': 'Residual faster, slightly better.',
  'l13.fig25': 'Bigger models end better; residual converges faster.',
  'l13.fig26': 'The same picture in top-1.',
  'l13.allFour': 'all four',
  'l13.open': 'Open the training view: Inception-v3 against Inception-ResNet-v1',
  'l13.expect':
    'The preset trains both networks at once, reduced to width ×0.125 and 32 px input, on MNIST for 400 steps. On ONNX Runtime a quiet machine with two CPU cores finishes both in under a minute (measured: 54 s, each run on one core); where only TensorFlow.js trains, about four and a half minutes. Measured on the project’s machine: Inception-ResNet-v1 fell under 30 % validation error at step 100, Inception-v3 only at step 180; at step 400 they stood at 4 % and 12 %. The residual network converges faster, as in Figures 21–22.',
  'l13.check.v3': 'Inception-v3, single crop (top-1 / top-5)',
  'l13.check.ir1': 'Inception-ResNet-v1, single crop (top-1 / top-5)',
  'l13.check.cost': 'Cost ratio Inception-ResNet-v1 / Inception-v3 (multiply-adds)',
  'l13.check.printedOnly': 'printed only; train to compare',
} as const;
