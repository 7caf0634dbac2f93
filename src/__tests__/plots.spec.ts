import { plotName } from '../dashboard/check';
import { filterPlots, isGpuPlot } from '../dashboard/plots';

const ROUTES = [
  '/individual-task-stream',
  '/individual-workers-memory',
  '/individual-workers-cpu-timeseries',
  '/individual-gpu-memory',
  '/individual-gpu-utilization',
  '/individual-rmm-memory',
  '/statics/individual-cluster-map.html'
];
const PLOTS = ROUTES.map(route => ({ route, name: plotName(route) }));
const names = (plots: { name: string }[]) => plots.map(plot => plot.name);

describe('plotName', () => {
  it.each([
    ['/individual-task-stream', 'Task Stream'],
    ['/statics/individual-cluster-map.html', 'Cluster Map'],
    ['/individual-workers-memory', 'Workers Memory'],
    ['/individual-workers-cpu-timeseries', 'Workers CPU Timeseries'],
    ['/individual-gpu-utilization', 'GPU Utilization'],
    ['/individual-rmm-memory', 'RMM Memory']
  ])('names %s %s', (route, name) => {
    expect(plotName(route)).toBe(name);
  });
});

describe('isGpuPlot', () => {
  it('knows the plots that need a GPU', () => {
    expect(ROUTES.filter(isGpuPlot)).toEqual([
      '/individual-gpu-memory',
      '/individual-gpu-utilization',
      '/individual-rmm-memory'
    ]);
  });
});

describe('filterPlots', () => {
  it('leaves the GPU plots out of a cluster without GPUs', () => {
    expect(names(filterPlots(PLOTS, '', false))).toEqual([
      'Task Stream',
      'Workers Memory',
      'Workers CPU Timeseries',
      'Cluster Map'
    ]);
    expect(filterPlots(PLOTS, '', true)).toHaveLength(ROUTES.length);
  });

  it('keeps the plots whose name has every word of the query, in any case', () => {
    expect(names(filterPlots(PLOTS, 'memory', false))).toEqual([
      'Workers Memory'
    ]);
    expect(names(filterPlots(PLOTS, '  MEM  gpu ', true))).toEqual([
      'GPU Memory'
    ]);
    expect(names(filterPlots(PLOTS, 'work cpu', false))).toEqual([
      'Workers CPU Timeseries'
    ]);
    expect(filterPlots(PLOTS, 'no such plot', true)).toEqual([]);
  });
});
