import { describe, expect, it } from 'vitest';
import { CHART_DEFAULTS, chartFromExtra, chartToExtra, mergeChartExtra } from './chart-link';

describe('Training chart options in the link', () => {
  it('writes nothing for the defaults and reads them back', () => {
    expect(chartToExtra(CHART_DEFAULTS)).toEqual({});
    expect(chartFromExtra(undefined)).toEqual(CHART_DEFAULTS);
  });
  it('round-trips every option, including every chart shown', () => {
    const o = {
      x: 'wall' as const,
      smoothing: 0.25,
      yScale: 'log' as const,
      hidden: new Set<never>(),
      xScale: 'log' as const,
      ignoreOutliers: false,
      envelope: true,
    };
    expect(chartToExtra(o)).toEqual({
      x: 'wall',
      smooth: '0.25',
      yscale: 'log',
      hide: 'none',
      xscale: 'log',
      outliers: 'keep',
      band: '1',
    });
    expect(chartFromExtra(chartToExtra(o))).toEqual(o);
  });
  it('refuses out-of-range values and keeps the form keys', () => {
    expect(chartFromExtra({ smooth: '7', x: 'sideways' })).toEqual(CHART_DEFAULTS);
    expect(mergeChartExtra({ preset: 'convergence', x: 'wall' }, CHART_DEFAULTS)).toEqual({
      preset: 'convergence',
    });
  });
});
