import type { EChartsCoreOption } from '../../renderer/src/components/charts/echarts-setup';
import { echarts } from '../../renderer/src/components/charts/echarts-setup';

/**
 * Renders a chart option to SVG in Node (ECharts server-side rendering) with ids that do not
 * change between runs, for snapshot tests of the pure option builders.
 */
export function renderChartSvg(option: EChartsCoreOption, width = 800, height = 320): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ ...option, animation: false });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg.replace(/zr\d+-(cls-|c)\d+/g, 'zr-id');
}
