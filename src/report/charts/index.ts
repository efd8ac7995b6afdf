/** The report's SVG charts (pure: no browser, no I/O, deterministic). */
import type { Evaluation } from '../../finance/evaluate/evaluate-run.js';
import { exposureChartInput, renderExposureChart } from './exposure-chart.js';
import { renderIncidentTimeline, timelineInput } from './incident-timeline.js';
import { renderWaterfallChart, waterfallInput } from './waterfall-chart.js';

export interface ChartFile {
  name: string;
  /** Alt text for the Markdown embed. */
  alt: string;
  content: string;
}

export function renderCharts(ev: Evaluation): ChartFile[] {
  const charts: ChartFile[] = [];
  const exposure = exposureChartInput(ev);
  if (exposure !== undefined) charts.push({ name: 'exposure.svg', alt: 'Net exposure over time against the limit, fault windows shaded', content: renderExposureChart(exposure) });
  charts.push({ name: 'pnl_waterfall.svg', alt: 'P&L attribution waterfall', content: renderWaterfallChart(waterfallInput(ev)) });
  charts.push({ name: 'incident_timeline.svg', alt: 'Incident timeline: fault windows, detect, acknowledge, mitigate, recover', content: renderIncidentTimeline(timelineInput(ev)) });
  return charts;
}

export { renderExposureChart, exposureChartInput, exposureScale, EXPOSURE_LAYOUT } from './exposure-chart.js';
export { renderWaterfallChart, waterfallInput } from './waterfall-chart.js';
export { renderIncidentTimeline, timelineInput } from './incident-timeline.js';
