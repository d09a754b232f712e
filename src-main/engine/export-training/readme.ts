/** The exported project's README: what is in it, the commands for one machine, several GPUs and nodes. */
import type { NetworkSpec } from '../../shared/spec.js';
import type { Recipe } from '../train/recipe.js';

export interface ReadmeInput {
  spec: NetworkSpec;
  title: string;
  recipe: Recipe;
  project: { steps: number; runName: string; data: Record<string, unknown>; initWeights: string | null };
  table: string;
}

export function readmeText(r: ReadmeInput): string {
  const v = r.spec.variant;
  const run = `runs/${r.project.runName}`;
  const data =
    r.project.data.kind === 'app'
      ? `The data (\`data/\`, ${String(r.project.data.name)}) was exported by the app as raw arrays. ` +
        'For ImageNet or any other ImageFolder tree, pass `--data ROOT` with `ROOT/train/<class>/…` and `ROOT/val/<class>/…`.'
      : `The data is the ImageFolder root \`${String(r.project.data.root)}\` (train/ and val/); \`--data ROOT\` points elsewhere.`;
  return `# ${r.title} (${r.spec.flavour}): a distributed PyTorch training project

Exported by Inception Explorer: input ${v.input.join('×')}, width ×${v.width}, ${v.classes} classes, ${r.project.steps} steps.

| file | what |
|---|---|
| \`model.py\` | the network, generated from the app's spec (one module per spec node, keyed by the app's node id) |
| \`train.py\` | training under \`torchrun\` (DistributedDataParallel; NCCL on GPUs, gloo on CPU) with the recipe below |
| \`inception_io.py\` | weights (safetensors with the app's names), TensorBoard event files and CSV, data |
| \`project.json\` | the recipe and run settings (edit here, or re-export from the app) |
| \`weights/init.safetensors\` | the starting weights${r.project.initWeights ? '' : ' (not exported: PyTorch initialises)'} |

At start \`train.py\` prints the parameter count and stops if it differs from the app's, then prints the
table below. ${data}

Needs Python 3.8+ and PyTorch 1.13+ (torchvision only for ImageFolder data). TensorBoard is not needed.

## Commands

One machine, one process (CPU or one GPU):

\`\`\`bash
python train.py
\`\`\`

One machine, several GPUs (one process per GPU; on CPU, \`--nproc_per_node=2\` uses gloo):

\`\`\`bash
torchrun --standalone --nproc_per_node=8 train.py
\`\`\`

Several nodes (run on every node; elastic: a failed worker restarts all of them from the last checkpoint):

\`\`\`bash
torchrun --nnodes=4 --nproc_per_node=8 --max-restarts=3 \\
  --rdzv-backend=c10d --rdzv-endpoint=HEAD_NODE:29500 --rdzv-id=${r.project.runName} train.py
\`\`\`

Slurm (\`sbatch train.sbatch\`):

\`\`\`bash
#!/bin/bash
#SBATCH --job-name=${r.project.runName}
#SBATCH --nodes=4
#SBATCH --ntasks-per-node=1
#SBATCH --gpus-per-node=8
#SBATCH --cpus-per-task=32
#SBATCH --time=72:00:00
head=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)
srun torchrun --nnodes="$SLURM_NNODES" --nproc_per_node=8 --max-restarts=3 \\
  --rdzv-backend=c10d --rdzv-endpoint="$head:29500" --rdzv-id="$SLURM_JOB_ID" train.py --data /datasets/imagenet
\`\`\`

Options: \`--steps\`, \`--batch\` (per process), \`--data ROOT\`, \`--amp on|off\`, \`--sync-bn\`, \`--init FILE\`,
\`--no-init\`, \`--out DIR\`, \`--val-every\`, \`--ckpt-every\`, \`--log-every\` (\`python train.py --help\`).

Launching again with the same \`--out\` resumes from \`checkpoints/last.pt\` (model, optimizer, EMA, loss
scaler, step), so does every elastic restart.

## What comes back to the app

\`${run}/\` holds \`events.out.tfevents.*\` and \`metrics.csv\` with the app's tag names (\`train.loss\` = total,
\`train.main\`, \`aux.<head>\`, \`train.top1\`, \`val.loss\`, \`val.top1\`, \`val.top5\`, \`lr\`, \`images_per_sec\`),
and \`checkpoints/model.safetensors\` / \`ema.safetensors\` with the app's weight names and the network,
flavour, width, input and classes in their metadata. In the app's Training view, "Watch a run folder" draws
the curves live beside the in-app runs; the checkpoints open in Activations like any weights file
(\`inception-explorer infer ${r.spec.id} --flavour ${r.spec.flavour} --width ${v.width} --input ${v.input[0]} --classes ${v.classes} --weights ${run}/checkpoints/ema.safetensors --image …\`).

## The recipe against the paper

${r.table}

Learning rate ${r.recipe.lr}, schedule '${r.recipe.schedule}' (${r.recipe.decayRate} every ${r.recipe.decayEpochs} epochs).
`;
}
