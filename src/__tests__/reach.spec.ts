import { nullTranslator } from '@jupyterlab/translation';

import { profileChanged, profileReach } from '../profiles/reach';
import { running, snapshot } from './fakes';

const trans = nullTranslator.load('jupyterlab_dask_clusters');

describe('where an AWS profile is', () => {
  it('names the workers that have it, none restarted', () => {
    expect(profileReach(null, trans)).toBe(
      'the kernel; a cluster started now gets them'
    );
    expect(profileReach(0, trans)).toBe(
      "the kernel; the cluster's workers get them as they start"
    );
    expect(profileReach(1, trans)).toBe(
      "the kernel and the cluster's 1 worker (not restarted); new workers get them too"
    );
    expect(profileReach(3, trans)).toBe(
      "the kernel and the cluster's 3 workers (none restarted); new workers get them too"
    );
  });

  it('notifies Apply and Clear for what is running', () => {
    expect(profileChanged('osn', running(1), trans)).toBe(
      'AWS profile "osn" applied: its variables are in the kernel and the cluster\'s 2 workers (none restarted); new workers get them too.'
    );
    expect(profileChanged(null, snapshot({}), trans)).toBe(
      'AWS profile cleared from the kernel.'
    );
    const starting = running(2, { workers: { ready: 0, requested: 2 } });
    expect(profileChanged(null, starting, trans)).toBe(
      'AWS profile cleared from the kernel.'
    );
  });
});
