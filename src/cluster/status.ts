/**
 * What a cluster's status means for the panel.
 */
import type { ClusterStatus } from '../protocol';

/**
 * Whether the kernel has a cluster (starting, running or stopping): then the
 * cluster's own site and sizing show, and no other cluster can start.
 */
export function hasCluster(status: ClusterStatus): boolean {
  return status === 'starting' || status === 'running' || status === 'stopping';
}
