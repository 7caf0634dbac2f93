import type { TranslationBundle } from '@jupyterlab/translation';
import type { CommandRegistry } from '@lumino/commands';
import * as React from 'react';

import { checkDashboard, type DashboardCheck } from './check';
import { OPEN_DASHBOARD } from './ids';
import { PlotList } from './PlotList';

export interface IDashboardSectionProps {
  /**
   * The dashboard's page, mapped for this browser; null without one.
   */
  url: string | null;
  /**
   * Whether the cluster's workers have GPUs (their plots are listed then).
   */
  gpus: boolean;
  commands: CommandRegistry;
  trans: TranslationBundle;
}

/**
 * The sidebar's way into the dashboard: open it, or one of its individual
 * plots, in a pane, through the dashboard command.
 */
export function DashboardSection(props: IDashboardSectionProps): JSX.Element {
  const { url, commands, trans } = props;
  const [check, setCheck] = React.useState<DashboardCheck | null>(null);
  React.useEffect(() => {
    let current = true;
    setCheck(null);
    if (url) {
      void checkDashboard(url, trans).then(
        result => current && setCheck(result)
      );
    }
    return () => {
      current = false;
    };
  }, [url]);
  return (
    <section
      className="jp-DaskClusters-dashboards"
      aria-label={trans.__('Dashboard')}
    >
      <button
        className="jp-mod-styled jp-mod-accept"
        disabled={!commands.isEnabled(OPEN_DASHBOARD)}
        onClick={() => void commands.execute(OPEN_DASHBOARD)}
      >
        {commands.label(OPEN_DASHBOARD)}
      </button>
      {check && 'error' in check && (
        <p className="jp-DaskClusters-error">{check.error}</p>
      )}
      {check && 'plots' in check && (
        <PlotList
          plots={check.plots}
          gpus={props.gpus}
          trans={trans}
          onOpen={plot =>
            void commands.execute(OPEN_DASHBOARD, { plot: plot.route })
          }
        />
      )}
    </section>
  );
}
