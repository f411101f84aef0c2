// A small uPlot line chart that grows as points arrive.
import uPlot from 'uplot';

export interface LineChart {
  readonly element: HTMLElement;
  /** Replaces the data: x values and one array per series (null for a missing point). */
  setData(x: number[], series: Array<Array<number | null>>): void;
}

const COLORS = ['#4a6fa5', '#f0a55a', '#5aa469', '#b34a6f', '#7a5ab3'];

export function lineChart(options: { title: string; xLabel: string; yLabel: string; series: string[]; width?: number; height?: number; logX?: boolean }): LineChart {
  const element = document.createElement('div');
  element.className = 'chart';
  const plot = new uPlot(
    {
      title: options.title,
      width: options.width ?? 520,
      height: options.height ?? 240,
      scales: { x: { time: false, ...(options.logX ? { distr: 3 } : {}) } },
      axes: [{ label: options.xLabel }, { label: options.yLabel }],
      series: [{ label: options.xLabel }, ...options.series.map((label, i) => ({ label, stroke: COLORS[i % COLORS.length]!, width: 2, points: { show: true } }))],
    },
    [[], ...options.series.map(() => [])],
    element,
  );
  return {
    element,
    setData: (x, series) => plot.setData([x, ...series] as uPlot.AlignedData),
  };
}
