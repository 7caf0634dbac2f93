import { LabIcon } from '@jupyterlab/ui-components';

import daskClustersSvg from '../style/icons/dask-clusters.svg';

/**
 * Three staggered, folded ribbons: a Dask-logo-style glyph (our own drawing),
 * in the theme's icon colour (`jp-icon3`).
 */
export const daskClustersIcon = new LabIcon({
  name: 'jupyterlab-dask-clusters:clusters',
  svgstr: daskClustersSvg
});
