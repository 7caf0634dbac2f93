/**
 * The pure rules of how the panel talks (UX.md): one size text, counts
 * checked as typed, why a site cannot start, which error shows where.
 */
import { nullTranslator } from '@jupyterlab/translation';

import { pickerOrder, siteProblem } from '../cluster/availability';
import { beyondMachine } from '../cluster/capacity';
import { shownError, statusShown } from '../cluster/errors';
import { sizeText, UNBOUNDED } from '../cluster/size';
import { checkSizingForm } from '../validation';
import { running, siteSummary, snapshot } from './fakes';

const trans = nullTranslator.load('jupyterlab_dask_clusters');

const site = siteSummary;

describe('sizeText', () => {
  it.each([
    [{ ready: 2, requested: 2 }, null, '2 / 2 workers'],
    [{ ready: 5, requested: 4 }, null, '5 / 4 workers'],
    [{ ready: 1, requested: 2 }, { minimum: 1, maximum: 4 }, '1 (1–4) workers'],
    [{ ready: 5, requested: 4 }, { minimum: 1, maximum: 4 }, '5 (1–4) workers'],
    [
      { ready: 3, requested: 3 },
      { minimum: 0, maximum: UNBOUNDED },
      '3 (0–∞) workers'
    ]
  ])('%j adapting %j: %s', (workers, adapt, text) => {
    expect(sizeText({ workers, adapt }, trans)).toBe(text);
  });
});

describe('checkSizingForm', () => {
  const fixed = (workers: string) =>
    checkSizingForm(
      { mode: 'fixed', workers, minimum: '1', maximum: '4' },
      trans
    );

  it.each([
    ['-1', 'Workers cannot be negative.'],
    ['2.5', 'Workers must be a whole number.'],
    ['abc', 'Workers must be a number, not "abc".'],
    ['', 'Workers is empty: enter a number of workers.']
  ])('refuses %j in the workers field', (typed, message) => {
    expect(fixed(typed)).toEqual({
      sizing: null,
      problems: { workers: message }
    });
  });

  it('accepts a whole count', () => {
    expect(fixed(' 3 ')).toEqual({
      sizing: { mode: 'fixed', workers: 3 },
      problems: {}
    });
  });

  it('puts bounds in the wrong order on the maximum, a bad minimum on the minimum', () => {
    const adaptive = (minimum: string, maximum: string) =>
      checkSizingForm(
        { mode: 'adaptive', workers: '', minimum, maximum },
        trans
      );
    expect(adaptive('5', '2').problems).toEqual({
      maximum: 'The minimum (5) is larger than the maximum (2).'
    });
    expect(adaptive('-1', '2').problems).toEqual({
      minimum: 'Minimum workers cannot be negative.'
    });
    expect(adaptive('1', 'x').problems).toEqual({
      maximum: 'Maximum workers must be a number, not "x".'
    });
    expect(adaptive('1', '4').sizing).toEqual({
      mode: 'adaptive',
      minimum: 1,
      maximum: 4
    });
  });
});

describe('siteProblem', () => {
  it("is the kernel's reason for an unavailable site", () => {
    const nebari = site({
      id: 'nebari',
      available: false,
      reason: 'The Dask Gateway is not configured in this kernel.'
    });
    expect(siteProblem(nebari, [], {}, trans)).toBe(
      'The Dask Gateway is not configured in this kernel.'
    );
    expect(siteProblem(site({ available: false }), [], {}, trans)).toBe(
      'Local machine is not available in this kernel.'
    );
  });

  it('names a required option until the user types it', () => {
    const tallgrass = site({ id: 'tallgrass', label: 'Tallgrass (Slurm)' });
    expect(siteProblem(tallgrass, ['account'], {}, trans)).toBe(
      'Tallgrass (Slurm) needs a value for account: type it under Job options.'
    );
    expect(siteProblem(tallgrass, ['account'], { account: '' }, trans)).toMatch(
      /account/
    );
    expect(
      siteProblem(tallgrass, ['account'], { account: 'hytest' }, trans)
    ).toBeNull();
    expect(siteProblem(site({}), [], {}, trans)).toBeNull();
  });
});

describe('pickerOrder', () => {
  it('lists the detected site first, then the available, then the others', () => {
    const sites = [
      site({ id: 'nebari', available: false }),
      site({ id: 'denali' }),
      site({ id: 'tallgrass' }),
      site({ id: 'local' })
    ];
    expect(pickerOrder(sites, 'local').map(s => s.id)).toEqual([
      'local',
      'denali',
      'tallgrass',
      'nebari'
    ]);
  });
});

describe('shownError', () => {
  const failed = snapshot({
    status: 'failed',
    site: 'nebari',
    error: 'The gateway did not answer.',
    seq: 7
  });
  const facts = {
    error: null,
    failed: null,
    errorSite: null,
    snapshot: failed,
    selected: 'nebari',
    dismissed: null
  };

  it("shows the kernel's failed start for its own site only", () => {
    expect(shownError(facts)).toEqual({
      place: 'start',
      message: 'The gateway did not answer.'
    });
    expect(shownError({ ...facts, selected: 'tallgrass' })).toBeNull();
    expect(statusShown(failed, 'tallgrass')).toBe('none');
    expect(statusShown(failed, 'nebari')).toBe('failed');
  });

  it('shows it no more once dismissed, until the kernel fails anew', () => {
    expect(shownError({ ...facts, dismissed: 7 })).toBeNull();
    expect(
      shownError({ ...facts, dismissed: 7, snapshot: { ...failed, seq: 9 } })
    ).not.toBeNull();
  });

  it('puts a request failure once, next to the control that caused it', () => {
    const request = {
      ...facts,
      snapshot: running(1),
      error: 'Could not reach tcp://10.0.0.5:8786 within 6 s.'
    };
    expect(shownError({ ...request, failed: 'connect_scheduler' })).toEqual({
      place: 'connect',
      message: 'Could not reach tcp://10.0.0.5:8786 within 6 s.'
    });
    expect(
      shownError({ ...request, failed: 'start', errorSite: 'nebari' })?.place
    ).toBe('start');
    expect(
      shownError({ ...request, failed: 'start', errorSite: 'local' })
    ).toBeNull();
  });
});

describe('beyondMachine', () => {
  const machine = { cpus: 4, memory: 8 * 2 ** 30 };
  const fixed = (workers: number) => ({ mode: 'fixed' as const, workers });

  it('says nothing of a size that fits, or of a site that does not say', () => {
    const size = { threads: 4, memory: null };
    expect(beyondMachine(fixed(1), size, machine, trans)).toEqual([]);
    expect(beyondMachine(fixed(3), undefined, machine, trans)).toEqual([]);
    expect(beyondMachine(fixed(3), size, undefined, trans)).toEqual([]);
    expect(
      beyondMachine(fixed(9), { threads: null, memory: null }, machine, trans)
    ).toEqual([]);
  });

  it('adds up threads and memory over the workers, an adaptive maximum too', () => {
    expect(
      beyondMachine(fixed(2), { threads: 4, memory: null }, machine, trans)
    ).toEqual([
      '2 workers × 4 threads is more than the 4 cores of this machine: they would compete for them.'
    ]);
    expect(
      beyondMachine(
        { mode: 'adaptive', minimum: 1, maximum: 3 },
        { threads: 1, memory: 4 * 2 ** 30 },
        machine,
        trans
      )
    ).toEqual([
      '3 workers × 4.00 GiB is more memory than this machine has (8.00 GiB).'
    ]);
    // Memory the agent could not read is not guessed at.
    expect(
      beyondMachine(
        fixed(3),
        { threads: 1, memory: 4 * 2 ** 30 },
        { cpus: 4, memory: null },
        trans
      )
    ).toEqual([]);
  });
});
