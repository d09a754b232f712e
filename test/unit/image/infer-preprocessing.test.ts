/**
 * `infer --preprocessing / --transform-input / --resize`: the override reaches the input tensor and the
 * report says which recipe ran; bad values are refused by the option parser with the choices.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../../src-main/cli/program.js';

async function infer(...args: string[]): Promise<string> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((s: unknown) => void lines.push(String(s)));
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const program = buildProgram();
  for (const c of program.commands) c.exitOverride().configureOutput({ writeErr: () => undefined });
  await program.parseAsync(['node', 'inception-explorer', 'infer', ...args]);
  return lines.join('\n');
}

const small = ['--width', '0.25', '--input', '64', '--classes', '10', '--image', 'assets/samples/rocket.jpg'];

afterEach(() => vi.restoreAllMocks());

describe('infer preprocessing flags', () => {
  it('torchvision with transform_input on and a bicubic resize', async () => {
    const out = await infer(
      'googlenet',
      '--flavour',
      'torchvision',
      ...small,
      '--preprocessing',
      'torchvision',
      '--transform-input',
      'on',
      '--resize',
      'bicubic',
    );
    expect(out).toMatch(
      /torchvision preprocessing: resize shorter side to 73 \(640×427 → 109×73, bicubic\); centre crop 64×64; normalise with ImageNet mean .*; transform_input/,
    );
    expect(out).toMatch(
      /recipe: torchvision ImageClassification\(crop_size=64, resize_size=73, interpolation=BICUBIC\)/,
    );
  }, 120_000);

  it("keras-load-img: the whole image to S×S, nearest (load_img's default)", async () => {
    const out = await infer('googlenet', ...small, '--preprocessing', 'keras-load-img');
    expect(out).toMatch(
      /Keras\/TF preprocessing: resize 640×427 → 64×64 \(nearest, aspect not kept\); scale to \[−1, 1\]/,
    );
  }, 120_000);

  it('refuses unknown recipes, switches and filters, naming the choices', async () => {
    await expect(infer('googlenet', ...small, '--preprocessing', 'caffe')).rejects.toThrow(
      /must be one of keras, keras-load-img, torchvision, timm, timm-inception_v3\.tv_in1k/,
    );
    await expect(infer('googlenet', ...small, '--transform-input', 'yes')).rejects.toThrow(/'on' or 'off'/);
    await expect(infer('googlenet', ...small, '--resize', 'lanczos')).rejects.toThrow(
      /must be one of bilinear, bicubic, nearest/,
    );
  });
});
