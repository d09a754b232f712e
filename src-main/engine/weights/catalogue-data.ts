/**
 * The published ImageNet weights of the Inception family, as their publishers state them. Every URL,
 * checksum and top-1 below is copied from the publisher's own source, cited per entry; where a
 * publisher states no checksum the entry says so and only the size is checked.
 *
 * Sources (read in keras 3.15.1, torchvision 0.28.0 and timm 1.0.29 as installed from PyPI):
 * - keras-team/keras, keras/src/applications/inception_v3.py: WEIGHTS_PATH and get_file(file_hash=…);
 *   keras/src/applications/inception_resnet_v2.py: BASE_WEIGHT_URL + fname and file_hash. Keras'
 *   get_file treats a 32-digit file_hash as MD5 (keras/src/utils/file_utils.py, hash_algorithm 'auto').
 *   Top-1 and size: the table at https://keras.io/api/applications/.
 * - pytorch/vision, torchvision/models/inception.py (Inception_V3_Weights.IMAGENET1K_V1) and
 *   torchvision/models/googlenet.py (GoogLeNet_Weights.IMAGENET1K_V1): url, meta acc@1, _file_size (MB).
 *   The hex in the file name is the start of the file's SHA-256 (torch/hub.py, HASH_REGEX, check_hash).
 * - huggingface/pytorch-image-models, timm/models/inception_v3.py, inception_v4.py and
 *   inception_resnet_v2.py default_cfgs (hf_hub_id 'timm/', crop_pct, interpolation, mean/std, license);
 *   top-1 and param_count from results/results-imagenet.csv. The hub states each file's SHA-256 as the
 *   X-Linked-Etag of the download (huggingface_hub/file_download.py), which fetch.ts checks.
 * - tensorflow/models, research/slim/README.md "Pre-trained Models": checkpoint URLs and top-1. No
 *   checksum or size is published for them.
 */
import type { FlavourId, NetworkId } from '../../shared/spec.js';
import type { ExpectedHash } from './fetch.js';
import type { PreprocessingId } from './types.js';

export type Publisher = 'keras' | 'torchvision' | 'timm' | 'tf-slim';

export interface CatalogueEntry {
  /** Stable id, used by the CLI (`weights get keras-inception_v3`) and the UI. */
  id: string;
  title: string;
  publisher: Publisher;
  /** The network variant the file fits; selecting the entry switches to it. */
  network: NetworkId;
  flavour: FlavourId;
  classes: 1000 | 1001;
  url: string;
  /** The file name the publisher gives it (the cache keeps it). */
  file: string;
  /** What the file is, in words. */
  format: string;
  licence: string;
  /** Bytes when the publisher states them exactly; otherwise undefined and `sizeText` says what is known. */
  bytes?: number;
  sizeText: string;
  /** The publisher's checksum; undefined = "not published" (size only). */
  checksum?: ExpectedHash;
  checksumText: string;
  /** ImageNet-1k top-1 accuracy (%) as the publisher reports it. */
  top1: number;
  top1Source: string;
  preprocessing: PreprocessingId;
  /** The publisher's eval recipe in words (resize, crop, interpolation, normalisation). */
  recipe: string;
  /** Where this entry's numbers come from (file + repository, or page). */
  cite: string;
  /** Set when the app cannot read this file yet: why, and what to do instead. */
  unsupported?: string;
}

const KERAS_BASE = 'https://storage.googleapis.com/tensorflow/keras-applications';
const HF = (tag: string) => `https://huggingface.co/timm/${tag}/resolve/main/model.safetensors`;
const TIMM_RECIPE = (crop: number) =>
  `timm: resize shorter side to 299/${crop} bicubic, centre crop 299, mean = std = 0.5 (IMAGENET_INCEPTION_MEAN/STD)`;
const SLIM_UNSUPPORTED =
  'The 2016 TF-slim release is a single-file TensorFlow V1 checkpoint inside a tar.gz, which the app does not read (it reads TF 2 checkpoints: .index + .data). The timm “tf_in1k” entry holds these weights ported to PyTorch names; or restore the checkpoint in TensorFlow and save it with tf.train.Checkpoint.';

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    id: 'keras-inception_v3',
    title: 'Keras InceptionV3 (ImageNet)',
    publisher: 'keras',
    network: 'inception_v3',
    flavour: 'released',
    classes: 1000,
    url: `${KERAS_BASE}/inception_v3/inception_v3_weights_tf_dim_ordering_tf_kernels.h5`,
    file: 'inception_v3_weights_tf_dim_ordering_tf_kernels.h5',
    format: 'Keras HDF5 (weights only, Keras 2 layout)',
    licence: 'Apache-2.0',
    sizeText: '92 MB (keras.io)',
    checksum: { algorithm: 'md5', value: '9a0d58056eeedaa3f26cb7ebd46da564' },
    checksumText:
      'MD5 9a0d58056eeedaa3f26cb7ebd46da564 (file_hash in keras/src/applications/inception_v3.py)',
    top1: 77.9,
    top1Source: 'keras.io/api/applications',
    preprocessing: 'keras',
    recipe: "Keras: resize to 299×299, preprocess_input mode 'tf' (x / 127.5 − 1)",
    cite: 'keras-team/keras keras/src/applications/inception_v3.py; https://keras.io/api/applications/',
  },
  {
    id: 'keras-inception_resnet_v2',
    title: 'Keras InceptionResNetV2 (ImageNet)',
    publisher: 'keras',
    network: 'inception_resnet_v2',
    flavour: 'released',
    classes: 1000,
    url: `${KERAS_BASE}/inception_resnet_v2/inception_resnet_v2_weights_tf_dim_ordering_tf_kernels.h5`,
    file: 'inception_resnet_v2_weights_tf_dim_ordering_tf_kernels.h5',
    format: 'Keras HDF5 (weights only, Keras 2 layout)',
    licence: 'Apache-2.0',
    sizeText: '215 MB (keras.io)',
    checksum: { algorithm: 'md5', value: 'e693bd0210a403b3192acc6073ad2e96' },
    checksumText:
      'MD5 e693bd0210a403b3192acc6073ad2e96 (file_hash in keras/src/applications/inception_resnet_v2.py)',
    top1: 80.3,
    top1Source: 'keras.io/api/applications',
    preprocessing: 'keras',
    recipe: "Keras: resize to 299×299, preprocess_input mode 'tf' (x / 127.5 − 1)",
    cite: 'keras-team/keras keras/src/applications/inception_resnet_v2.py; https://keras.io/api/applications/',
  },
  {
    id: 'torchvision-googlenet',
    title: 'torchvision GoogLeNet IMAGENET1K_V1',
    publisher: 'torchvision',
    network: 'googlenet',
    flavour: 'torchvision',
    classes: 1000,
    url: 'https://download.pytorch.org/models/googlenet-1378be20.pth',
    file: 'googlenet-1378be20.pth',
    format: 'PyTorch .pth (torch.save zip of a state_dict)',
    licence: 'BSD-3-Clause (torchvision)',
    sizeText: '49.7 MB (torchvision _file_size)',
    checksum: { algorithm: 'sha256-prefix', value: '1378be20' },
    checksumText: 'SHA-256 starts with 1378be20 (torch.hub convention: the hex in the file name)',
    top1: 69.778,
    top1Source: 'torchvision GoogLeNet_Weights.IMAGENET1K_V1 meta acc@1',
    preprocessing: 'torchvision',
    recipe:
      'torchvision: resize 256 bilinear, centre crop 224, ImageNet mean/std; transform_input=True (the published weights expect it)',
    cite: 'pytorch/vision torchvision/models/googlenet.py (GoogLeNet_Weights)',
  },
  {
    id: 'torchvision-inception_v3',
    title: 'torchvision Inception-v3 IMAGENET1K_V1',
    publisher: 'torchvision',
    network: 'inception_v3',
    flavour: 'torchvision',
    classes: 1000,
    url: 'https://download.pytorch.org/models/inception_v3_google-0cc3c7bd.pth',
    file: 'inception_v3_google-0cc3c7bd.pth',
    format: 'PyTorch .pth (torch.save zip of a state_dict)',
    licence: 'BSD-3-Clause (torchvision)',
    sizeText: '103.9 MB (torchvision _file_size)',
    checksum: { algorithm: 'sha256-prefix', value: '0cc3c7bd' },
    checksumText: 'SHA-256 starts with 0cc3c7bd (torch.hub convention: the hex in the file name)',
    top1: 77.294,
    top1Source: 'torchvision Inception_V3_Weights.IMAGENET1K_V1 meta acc@1',
    preprocessing: 'torchvision',
    recipe:
      'torchvision: resize 342 bilinear, centre crop 299, ImageNet mean/std; transform_input=True (the published weights expect it)',
    cite: 'pytorch/vision torchvision/models/inception.py (Inception_V3_Weights)',
  },
  {
    id: 'timm-inception_v3.tv_in1k',
    title: 'timm inception_v3.tv_in1k',
    publisher: 'timm',
    network: 'inception_v3',
    flavour: 'torchvision',
    classes: 1000,
    url: HF('inception_v3.tv_in1k'),
    file: 'inception_v3.tv_in1k.safetensors',
    format: 'safetensors (timm state_dict, torchvision names)',
    licence: 'Apache-2.0 (timm pretrained_cfg)',
    sizeText: '≈ 95 MB (23.83 M float32 parameters, timm results-imagenet.csv)',
    checksum: { algorithm: 'hf-linked-etag' },
    checksumText: 'SHA-256 stated by the Hugging Face hub with the download (X-Linked-Etag)',
    top1: 77.434,
    top1Source: 'timm results/results-imagenet.csv',
    preprocessing: 'timm',
    recipe: TIMM_RECIPE(0.875),
    cite: 'huggingface/pytorch-image-models timm/models/inception_v3.py default_cfgs; results/results-imagenet.csv',
  },
  {
    id: 'timm-inception_v3.tf_in1k',
    title: 'timm inception_v3.tf_in1k (TF-slim weights, ported)',
    publisher: 'timm',
    network: 'inception_v3',
    flavour: 'torchvision',
    classes: 1000,
    url: HF('inception_v3.tf_in1k'),
    file: 'inception_v3.tf_in1k.safetensors',
    format: 'safetensors (timm state_dict, torchvision names)',
    licence: 'Apache-2.0 (timm pretrained_cfg)',
    sizeText: '≈ 95 MB (23.83 M float32 parameters, timm results-imagenet.csv)',
    checksum: { algorithm: 'hf-linked-etag' },
    checksumText: 'SHA-256 stated by the Hugging Face hub with the download (X-Linked-Etag)',
    top1: 77.862,
    top1Source: 'timm results/results-imagenet.csv',
    preprocessing: 'timm',
    recipe: TIMM_RECIPE(0.875),
    cite: 'huggingface/pytorch-image-models timm/models/inception_v3.py default_cfgs; results/results-imagenet.csv',
  },
  {
    id: 'timm-inception_v4.tf_in1k',
    title: 'timm inception_v4.tf_in1k',
    publisher: 'timm',
    network: 'inception_v4',
    flavour: 'released',
    classes: 1000,
    url: HF('inception_v4.tf_in1k'),
    file: 'inception_v4.tf_in1k.safetensors',
    format: 'safetensors (timm state_dict)',
    licence: 'Apache-2.0 (timm pretrained_cfg)',
    sizeText: '≈ 171 MB (42.68 M float32 parameters, timm results-imagenet.csv)',
    checksum: { algorithm: 'hf-linked-etag' },
    checksumText: 'SHA-256 stated by the Hugging Face hub with the download (X-Linked-Etag)',
    top1: 80.156,
    top1Source: 'timm results/results-imagenet.csv',
    preprocessing: 'timm',
    recipe: TIMM_RECIPE(0.875),
    cite: 'huggingface/pytorch-image-models timm/models/inception_v4.py default_cfgs; results/results-imagenet.csv',
  },
  {
    id: 'timm-inception_resnet_v2.tf_in1k',
    title: 'timm inception_resnet_v2.tf_in1k',
    publisher: 'timm',
    network: 'inception_resnet_v2',
    flavour: 'released',
    classes: 1000,
    url: HF('inception_resnet_v2.tf_in1k'),
    file: 'inception_resnet_v2.tf_in1k.safetensors',
    format: 'safetensors (timm state_dict)',
    licence: 'Apache-2.0 (timm pretrained_cfg)',
    sizeText: '≈ 223 MB (55.84 M float32 parameters, timm results-imagenet.csv)',
    checksum: { algorithm: 'hf-linked-etag' },
    checksumText: 'SHA-256 stated by the Hugging Face hub with the download (X-Linked-Etag)',
    top1: 80.462,
    top1Source: 'timm results/results-imagenet.csv',
    preprocessing: 'timm',
    recipe: TIMM_RECIPE(0.8975),
    cite: 'huggingface/pytorch-image-models timm/models/inception_resnet_v2.py default_cfgs; results/results-imagenet.csv',
  },
  {
    id: 'tf-slim-inception_v3',
    title: 'TF-slim Inception V3 (2016-08-28)',
    publisher: 'tf-slim',
    network: 'inception_v3',
    flavour: 'released',
    classes: 1001,
    url: 'http://download.tensorflow.org/models/inception_v3_2016_08_28.tar.gz',
    file: 'inception_v3_2016_08_28.tar.gz',
    format: 'tar.gz of a TensorFlow V1 checkpoint (inception_v3.ckpt)',
    licence: 'Apache-2.0 (tensorflow/models)',
    sizeText: 'not published',
    checksumText: 'not published (size not published either)',
    top1: 78.0,
    top1Source: 'tensorflow/models research/slim/README.md',
    preprocessing: 'keras',
    recipe: 'TF-slim inception preprocessing: central crop 87.5 %, bilinear resize to 299, (x − 0.5) × 2',
    cite: 'tensorflow/models research/slim/README.md (Pre-trained Models)',
    unsupported: SLIM_UNSUPPORTED,
  },
  {
    id: 'tf-slim-inception_v4',
    title: 'TF-slim Inception V4 (2016-09-09)',
    publisher: 'tf-slim',
    network: 'inception_v4',
    flavour: 'released',
    classes: 1001,
    url: 'http://download.tensorflow.org/models/inception_v4_2016_09_09.tar.gz',
    file: 'inception_v4_2016_09_09.tar.gz',
    format: 'tar.gz of a TensorFlow V1 checkpoint (inception_v4.ckpt)',
    licence: 'Apache-2.0 (tensorflow/models)',
    sizeText: 'not published',
    checksumText: 'not published (size not published either)',
    top1: 80.2,
    top1Source: 'tensorflow/models research/slim/README.md',
    preprocessing: 'keras',
    recipe: 'TF-slim inception preprocessing: central crop 87.5 %, bilinear resize to 299, (x − 0.5) × 2',
    cite: 'tensorflow/models research/slim/README.md (Pre-trained Models)',
    unsupported: SLIM_UNSUPPORTED,
  },
  {
    id: 'tf-slim-inception_resnet_v2',
    title: 'TF-slim Inception-ResNet-v2 (2016-08-30)',
    publisher: 'tf-slim',
    network: 'inception_resnet_v2',
    flavour: 'released',
    classes: 1001,
    url: 'http://download.tensorflow.org/models/inception_resnet_v2_2016_08_30.tar.gz',
    file: 'inception_resnet_v2_2016_08_30.tar.gz',
    format: 'tar.gz of a TensorFlow V1 checkpoint (inception_resnet_v2_2016_08_30.ckpt)',
    licence: 'Apache-2.0 (tensorflow/models)',
    sizeText: 'not published',
    checksumText: 'not published (size not published either)',
    top1: 80.4,
    top1Source: 'tensorflow/models research/slim/README.md',
    preprocessing: 'keras',
    recipe: 'TF-slim inception preprocessing: central crop 87.5 %, bilinear resize to 299, (x − 0.5) × 2',
    cite: 'tensorflow/models research/slim/README.md (Pre-trained Models)',
    unsupported: SLIM_UNSUPPORTED,
  },
];
