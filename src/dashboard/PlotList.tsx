import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { IPlot } from './check';
import { filterPlots } from './plots';

export interface IPlotListProps {
  plots: readonly IPlot[];
  /**
   * Whether the cluster's workers have GPUs: without, GPU plots are left out.
   */
  gpus: boolean;
  trans: TranslationBundle;
  onOpen: (plot: IPlot) => void;
}

/**
 * The dashboard's individual plots: folded, and when unfolded a filter over a
 * short scrolling list, so that the form below keeps its place.
 */
export function PlotList(props: IPlotListProps): JSX.Element | null {
  const { gpus, trans } = props;
  const [query, setQuery] = React.useState('');
  const available = filterPlots(props.plots, '', gpus);
  if (!available.length) {
    return null;
  }
  const shown = filterPlots(available, query, gpus);
  const label = trans.__('Individual plots');
  return (
    <details className="jp-DaskClusters-plotsSection">
      <summary>{trans.__('Individual plots (%1)', available.length)}</summary>
      <input
        type="search"
        className="jp-mod-styled jp-DaskClusters-plotFilter"
        aria-label={trans.__('Filter plots')}
        placeholder={trans.__('Filter plots')}
        value={query}
        onChange={event => setQuery(event.target.value)}
      />
      {shown.length ? (
        <ul className="jp-DaskClusters-plots" aria-label={label}>
          {shown.map(plot => (
            <li key={plot.route}>
              <button
                type="button"
                title={trans.__('Open %1 in a pane', plot.name)}
                onClick={() => props.onOpen(plot)}
              >
                {plot.name}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="jp-DaskClusters-plotsNone">
          {trans.__('No plot matches "%1".', query)}
        </p>
      )}
    </details>
  );
}
