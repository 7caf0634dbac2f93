/**
 * The dashboard's command: `{}` opens the current notebook's dashboard,
 * `{ plot }` one of its individual plots (a route of `individual-plots.json`),
 * `{ path, plot }` the one of the notebook at `path` (a restored pane).
 */
export const OPEN_DASHBOARD = 'dask-clusters:open-dashboard';
