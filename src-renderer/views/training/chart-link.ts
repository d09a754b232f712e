/**
 * The Training view's chart options in its deep link: x axis and its scale, smoothing, y scale,
 * outlier handling, the min/max band and the charts turned off. Defaults are not written.
 */
import type { MetricKey } from '../../../src-main/shared/protocol/index';
import type { YScaleKind } from '../../lib/chart/types';
import { MAX_SMOOTHING } from '../../lib/chart/smoothing';
import type { XAxis } from './series';
import { replaceExtra } from '../../../src-main/shared/deeplink/deeplink';

export interface ChartOptions {
  x: XAxis;
  smoothing: number;
  yScale: YScaleKind;
  hidden: ReadonlySet<MetricKey>;
  xScale: YScaleKind;
  ignoreOutliers: boolean;
  envelope: boolean;
}

export const CHART_DEFAULTS: ChartOptions = {
  x: 'step',
  smoothing: 0.6,
  yScale: 'linear',
  // The total loss and the aux heads are options: networks with and without aux heads compare on the main loss.
  hidden: new Set<MetricKey>(['lr', 'train.top1', 'train.loss']),
  xScale: 'linear',
  ignoreOutliers: true,
  envelope: false,
};

export const CHART_KEYS = ['x', 'smooth', 'yscale', 'hide', 'xscale', 'outliers', 'band'];

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
  a.size === b.size && [...a].every((k) => b.has(k));

export function chartToExtra(o: ChartOptions): Record<string, string> {
  const x: Record<string, string> = {};
  if (o.x !== 'step') x.x = o.x;
  if (o.smoothing !== CHART_DEFAULTS.smoothing) x.smooth = String(Math.round(o.smoothing * 1000) / 1000);
  if (o.yScale !== 'linear') x.yscale = o.yScale;
  if (!sameSet(o.hidden, CHART_DEFAULTS.hidden)) x.hide = [...o.hidden].sort().join(',') || 'none';
  if (o.xScale !== 'linear') x.xscale = o.xScale;
  if (!o.ignoreOutliers) x.outliers = 'keep';
  if (o.envelope) x.band = '1';
  return x;
}

export function chartFromExtra(e: Record<string, string> | undefined): ChartOptions {
  const x = e ?? {};
  const smooth = Number(x.smooth);
  return {
    x: x.x === 'epoch' || x.x === 'wall' ? x.x : 'step',
    smoothing:
      x.smooth !== undefined && Number.isFinite(smooth) && smooth >= 0 && smooth <= MAX_SMOOTHING
        ? smooth
        : CHART_DEFAULTS.smoothing,
    yScale: x.yscale === 'log' ? 'log' : 'linear',
    hidden:
      x.hide === undefined
        ? CHART_DEFAULTS.hidden
        : new Set(x.hide === 'none' ? [] : (x.hide.split(',').filter(Boolean) as MetricKey[])),
    xScale: x.xscale === 'log' ? 'log' : 'linear',
    ignoreOutliers: x.outliers !== 'keep',
    envelope: x.band === '1',
  };
}

/** The link's extras with the chart keys replaced (the form's keys, preset and compare, kept). */
export const mergeChartExtra = (current: Record<string, string> | undefined, o: ChartOptions) =>
  replaceExtra(current, CHART_KEYS, chartToExtra(o));
