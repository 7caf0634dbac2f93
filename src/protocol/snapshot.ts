/**
 * The state of the cluster in one kernel, as every operation on it returns
 * it and the agent pushes it: the cluster's own fields, with the active AWS
 * profile and a job-queue cluster's batch jobs.
 */
import { listOf, nullable, object, oneOf } from './checks';
import type { Guard } from './checks';
import { isCount, isString } from './values';
import { isAdapt, isKind } from './cluster';
import type {
  Capability,
  ClusterOrigin,
  ClusterStatus,
  IAdapt,
  IWorkerCounts,
  SiteKind
} from './cluster';
import { isJobSummary } from './jobqueue';
import type { IJobSummary } from './jobqueue';
import { isProfileSummary } from './profiles';
import type { IProfileSummary } from './profiles';

/**
 * The state of the cluster in one kernel.
 */
export interface ISnapshot {
  seq: number;
  status: ClusterStatus;
  site: string | null;
  kind: SiteKind | null;
  name: string | null;
  dashboard_link: string | null;
  workers: IWorkerCounts;
  threads: number;
  memory: number;
  adapt: IAdapt | null;
  error: string | null;
  profile: IProfileSummary | null;
  /** Optional: an agent before them omits these three. */
  origin?: ClusterOrigin | null;
  capabilities?: Capability[];
  other_clients?: number;
  /**
   * A live job-queue cluster's batch jobs; null for other kinds.
   */
  jobs?: IJobSummary[] | null;
}

export const isSnapshot = object(
  {
    seq: isCount,
    status: oneOf(
      'none',
      'starting',
      'running',
      'stopping',
      'stopped',
      'failed'
    ),
    site: nullable(isString),
    kind: nullable(isKind),
    name: nullable(isString),
    dashboard_link: nullable(isString),
    workers: object({ ready: isCount, requested: isCount }),
    threads: isCount,
    memory: isCount,
    adapt: nullable(isAdapt),
    error: nullable(isString),
    profile: nullable(isProfileSummary)
  },
  {
    origin: nullable(oneOf('started', 'adopted', 'connected')),
    capabilities: listOf(oneOf('scale', 'adapt', 'stop')),
    other_clients: isCount,
    jobs: nullable(listOf(isJobSummary))
  }
) as Guard<ISnapshot>;
