import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { IJobSummary } from '../protocol';

export interface IJobsListProps {
  jobs: readonly IJobSummary[];
  trans: TranslationBundle;
}

function stateWord(state: string, trans: TranslationBundle): string {
  const words: { [state: string]: string } = {
    submitting: trans.__('submitting'),
    submitted: trans.__('submitted'),
    queued: trans.__('queued'),
    running: trans.__('running'),
    ending: trans.__('ending'),
    ended: trans.__('ended')
  };
  return words[state] ?? state;
}

/**
 * A job-queue cluster's batch jobs: their ids in the queue and their states.
 */
export function JobsList(props: IJobsListProps): JSX.Element {
  const { jobs, trans } = props;
  return (
    <section className="jp-DaskClusters-jobs" aria-label={trans.__('Jobs')}>
      <h3 className="jp-DaskClusters-title">{trans.__('Jobs')}</h3>
      {jobs.length === 0 ? (
        <p className="jp-DaskClusters-note">{trans.__('No jobs')}</p>
      ) : (
        <ul data-testid="dask-jobs">
          {jobs.map((job, i) => (
            <li key={job.id ?? `pending-${i}`} data-testid="dask-job">
              <span className="jp-DaskClusters-jobId">{job.id ?? '…'}</span>
              <span
                className={`jp-DaskClusters-jobState jp-mod-${job.state}`}
                data-testid="dask-job-state"
              >
                {stateWord(job.state, trans)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
