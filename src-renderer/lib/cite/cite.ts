/**
 * Citations as links. The specs cite sources in a short form ("P4 §3.3; tensorflow/models#11227;
 * TF-slim inception_v3.py"); this turns each recognised reference into a link to the paper on arXiv,
 * the GitHub issue, or the upstream file, and leaves the rest as text.
 */

export type CiteSegment = { text: string; href?: string };

/** The four papers, by the ids the specs use. */
export const PAPERS: Record<string, { arxiv: string; title: string }> = {
  P1: { arxiv: '1409.4842', title: 'Going Deeper with Convolutions (GoogLeNet)' },
  P2: { arxiv: '1502.03167', title: 'Batch Normalization (BN-Inception)' },
  P3: { arxiv: '1512.00567', title: 'Rethinking the Inception Architecture (Inception-v2/v3)' },
  P4: { arxiv: '1602.07261', title: 'Inception-v4, Inception-ResNet and the Impact of Residual Connections' },
};

/** Upstream files cited by name, with the repository they live in. */
const FILES: [RegExp, string][] = [
  [
    /^TF-slim (inception_(?:v[1-4]|resnet_v2)\.py)/,
    'https://github.com/tensorflow/models/blob/master/research/slim/nets/$1',
  ],
  [
    /^TF-slim train_image_classifier\.py/,
    'https://github.com/tensorflow/models/blob/master/research/slim/train_image_classifier.py',
  ],
  [
    /^tensorflow\/models research\/slim\/([\w/.]+\.py)/,
    'https://github.com/tensorflow/models/blob/master/research/slim/$1',
  ],
  [
    /^keras-applications (\w+\.py)/,
    'https://github.com/keras-team/keras-applications/blob/master/keras_applications/$1',
  ],
  [
    /^torchvision (googlenet|inception)\.py/,
    'https://github.com/pytorch/vision/blob/main/torchvision/models/$1.py',
  ],
  [
    /^Cadene (\w+\.py)/,
    'https://github.com/Cadene/pretrained-models.pytorch/blob/master/pretrainedmodels/models/$1',
  ],
  [/^timm (\w+\.py)/, 'https://github.com/huggingface/pytorch-image-models/blob/main/timm/models/$1'],
];

const REPO_ALIASES: Record<string, string> = {
  'keras-applications': 'keras-team/keras-applications',
  Cadene: 'Cadene/pretrained-models.pytorch',
};

const arxiv = (id: string) => `https://arxiv.org/abs/${id}`;

/** One reference ("P3 Table 1, Figure 5", "tensorflow/models#1553, #11227", …) as segments. */
/** The lessons cite by author and year. */
const AUTHOR_YEAR: [RegExp, string][] = [
  [/^Szegedy et al\. 2014\b/, 'P1'],
  [/^Ioffe (?:&|and) Szegedy 2015\b/, 'P2'],
  [/^Szegedy et al\. 2015\b/, 'P3'],
  [/^Szegedy et al\. 2016\b/, 'P4'],
];

function part(ref: string): CiteSegment[] {
  const paper = /^(P[1-4])\b/.exec(ref)?.[1] ?? AUTHOR_YEAR.find(([re]) => re.test(ref))?.[1];
  if (paper) return [{ text: ref, href: arxiv(PAPERS[paper].arxiv) }];
  for (const [re, url] of FILES) {
    const m = re.exec(ref);
    if (m) return [{ text: ref, href: ref.replace(re, url).split(' ')[0].replace(/[,)]$/, '') }];
  }
  // owner/repo#N, #M — each number its own link to the repository's issue.
  const issues = /^([\w.-]+(?:\/[\w.-]+)?)#(\d+)((?:,\s*#\d+)*)(.*)$/.exec(ref);
  if (issues) {
    const repo = REPO_ALIASES[issues[1]] ?? issues[1];
    if (repo.includes('/')) {
      const out: CiteSegment[] = [
        { text: `${issues[1]}#${issues[2]}`, href: `https://github.com/${repo}/issues/${issues[2]}` },
      ];
      for (const n of issues[3].matchAll(/#(\d+)/g))
        out.push({ text: ', ' }, { text: `#${n[1]}`, href: `https://github.com/${repo}/issues/${n[1]}` });
      if (issues[4]) out.push({ text: issues[4] });
      return out;
    }
  }
  return [{ text: ref }];
}

/** A whole source string: references separated by ';'. */
export function citeSegments(source: string): CiteSegment[] {
  const out: CiteSegment[] = [];
  source.split(';').forEach((raw, i) => {
    const ref = raw.trim();
    if (!ref) return;
    if (i > 0 && out.length) out.push({ text: '; ' });
    out.push(...part(ref));
  });
  return out;
}
