/**
 * Widths the Inception-v4 paper prints on the residual blocks' 1×1 linear expansion
 * (arXiv:1602.07261, https://arxiv.org/abs/1602.07261, Figures 10, 11, 13, 16, 17 and 19, boxes
 * "1x1 Conv (N Linear)"). The spec builds the width the add needs (the block's input depth), so a
 * figure can show where the print and the network disagree: Figure 17 prints 1154 where Reduction-A
 * gives 1152, Figure 19 prints 2048 where Reduction-B gives 2144 (2080 in the released network).
 */
import type { FigureRef } from '../../../../src-main/shared/spec';

const PRINTED_EXPANSION: Record<string, number> = {
  'Figure 10': 256,
  'Figure 11': 896,
  'Figure 13': 1792,
  'Figure 16': 384,
  'Figure 17': 1154,
  'Figure 19': 2048,
};

/** The expansion width printed in a P4 residual-block figure, if it prints one. */
export function printedExpansion(ref: FigureRef | undefined): number | undefined {
  return ref?.paper === 'P4' ? PRINTED_EXPANSION[ref.figure] : undefined;
}
