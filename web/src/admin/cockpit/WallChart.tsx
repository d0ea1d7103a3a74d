import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { FONT_STACK } from '../../shared/fonts.ts';
import type { ChartOption } from '../components/EChart.tsx';

use([BarChart, LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

/**
 * A chart on the wall's canvas. The canvas is laid out at 1920×1080 and scaled by a CSS
 * transform, so it draws at the screen's pixel ratio times that scale to stay sharp on a 4K wall.
 */
export function WallChart({ option, scale, ariaLabel }: { option: ChartOption; scale: number; ariaLabel: string }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const latest = useRef(option);
  latest.current = option;
  useEffect(() => {
    const instance = init(container.current!, undefined, {
      renderer: 'canvas',
      devicePixelRatio: (window.devicePixelRatio || 1) * scale,
    });
    chart.current = instance;
    instance.setOption({ textStyle: { fontFamily: FONT_STACK }, ...latest.current });
    return () => {
      instance.dispose();
      chart.current = null;
    };
  }, [scale]);
  // New figures update the chart in place rather than drawing it again from nothing.
  useEffect(() => {
    chart.current?.setOption({ textStyle: { fontFamily: FONT_STACK }, ...option }, { notMerge: true });
  }, [option]);
  return <div ref={container} className="gz-wall-chart" role="img" aria-label={ariaLabel} />;
}
