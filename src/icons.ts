import { LabIcon } from '@jupyterlab/ui-components';

import daskClustersSvg from '../style/icons/dask-clusters.svg';

/**
 * A scheduler above three workers.
 */
export const daskClustersIcon = new LabIcon({
  name: 'jupyterlab-dask-clusters:clusters',
  svgstr: daskClustersSvg
});
