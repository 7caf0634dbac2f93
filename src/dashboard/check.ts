/**
 * Whether a dashboard answers, asked from the browser (so that a gateway's
 * cookie authentication applies), and its individual plots.
 */
import { PageConfig } from '@jupyterlab/coreutils';
import type { TranslationBundle } from '@jupyterlab/translation';

import { dashboardPath } from './url';

/**
 * One of the dashboard's individual plots: its route, e.g.
 * `/individual-task-stream`, and its name, e.g. `Task Stream`.
 */
export interface IPlot {
  route: string;
  name: string;
}

/**
 * The plots of a dashboard that answers, or what is wrong with it.
 */
export type DashboardCheck = { plots: IPlot[] } | { error: string };

/**
 * The words distributed's dashboard writes in capitals in its plot names.
 */
const ACRONYMS: { [word: string]: string } = {
  cpu: 'CPU',
  gpu: 'GPU',
  rmm: 'RMM'
};

/**
 * A plot's name from its route, by distributed's own rule for its dashboard's
 * plot names, without the `Individual` all share: `Workers CPU Timeseries`.
 */
export function plotName(route: string): string {
  return route
    .replace(/^.*\/(individual-)?|\.html$/g, '')
    .split('-')
    .map(word => ACRONYMS[word] ?? word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/**
 * Ask the dashboard whose page is `page` for its `individual-plots.json`.
 * A 404 under the Jupyter server's `proxy/` means that jupyter-server-proxy
 * is missing if its own API does not answer either.
 */
export async function checkDashboard(
  page: string,
  trans: TranslationBundle
): Promise<DashboardCheck> {
  const baseUrl = PageConfig.getBaseUrl();
  const url = dashboardPath(page, 'individual-plots.json')!;
  const get = (target: string, init?: RequestInit) =>
    fetch(target, { credentials: 'include', cache: 'no-store', ...init });
  let response: Response;
  try {
    response = await get(url);
  } catch {
    // A dashboard on another origin that does not allow reading it (no
    // CORS) may still be shown in a frame: find out whether it answers.
    if (new URL(url).origin !== location.origin) {
      try {
        await get(url, { mode: 'no-cors' });
        return { plots: [] };
      } catch {
        // Not reachable: below.
      }
    }
    return { error: trans.__('The dashboard at %1 is not reachable.', page) };
  }
  if (response.status === 404 && url.startsWith(`${baseUrl}proxy/`)) {
    const proxy = await get(`${baseUrl}server-proxy/servers-info`).catch(
      () => null
    );
    if (!proxy?.ok) {
      return {
        error: trans.__(
          'The dashboard at %1 cannot be shown: jupyter-server-proxy is missing in the Jupyter server (install and enable it, or set the dashboard proxy setting to "never").',
          page
        )
      };
    }
  }
  if (response.status >= 500) {
    return {
      error: trans.__(
        'The dashboard at %1 is not reachable (HTTP %2): its scheduler may have stopped.',
        page,
        response.status
      )
    };
  }
  const routes = response.ok ? await response.json().catch(() => null) : null;
  if (
    !routes ||
    typeof routes !== 'object' ||
    !Object.values(routes).every(route => typeof route === 'string')
  ) {
    return {
      error: trans.__(
        'The address %1 does not serve a Dask dashboard (HTTP %2, no list of plots).',
        page,
        response.status
      )
    };
  }
  return {
    plots: (Object.values(routes) as string[])
      .map(route => ({ route, name: plotName(route) }))
      .sort((a, b) => a.name.localeCompare(b.name))
  };
}
