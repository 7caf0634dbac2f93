/**
 * Which of a dashboard's individual plots the panel lists, and in what words.
 */
import type { IPlot } from './check';

/**
 * Plots that show nothing without a GPU on the workers: distributed serves
 * them whatever the cluster (NVML's memory and utilisation, RAPIDS' RMM).
 */
export function isGpuPlot(route: string): boolean {
  return /\/individual-(gpu|rmm)-/.test(route);
}

/**
 * The plots to list: those whose name has every word of `query` (any case),
 * GPU ones only for a cluster with GPUs.
 */
export function filterPlots(
  plots: readonly IPlot[],
  query: string,
  gpus: boolean
): IPlot[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return plots.filter(
    plot =>
      (gpus || !isGpuPlot(plot.route)) &&
      words.every(word => plot.name.toLowerCase().includes(word))
  );
}
