/**
 * The ids of the extension's commands (`dask-clusters:<verb>`), run alike by
 * the palette, the menu, the sidebar's buttons and the status bar.
 */
export const CommandIDs = {
  showPanel: 'dask-clusters:show-panel',
  start: 'dask-clusters:start',
  stop: 'dask-clusters:stop',
  scale: 'dask-clusters:scale',
  adapt: 'dask-clusters:adapt',
  applyProfile: 'dask-clusters:apply-profile',
  clearProfile: 'dask-clusters:clear-profile',
  copyCode: 'dask-clusters:copy-code',
  insertCode: 'dask-clusters:insert-code',
  connectScheduler: 'dask-clusters:connect-scheduler',
  // These two take the gateway cluster as arguments (the panel's Gateway clusters list).
  gatewayConnect: 'dask-clusters:gateway-connect',
  gatewayShutdown: 'dask-clusters:gateway-shutdown'
} as const;

/**
 * The sidebar widget's id: stable, for the layout restorer and for tests.
 */
export const SIDEBAR_ID = 'jp-dask-clusters-sidebar';
