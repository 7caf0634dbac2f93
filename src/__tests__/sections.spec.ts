import { StateDB } from '@jupyterlab/statedb';

import { FoldedSections } from '../sidebar/sections';

describe('FoldedSections', () => {
  it('folds and unfolds a section, and a new page restores what was folded', async () => {
    const state = new StateDB();
    const sections = new FoldedSections(state);
    await sections.restore();
    const changed = jest.fn();
    sections.changed.connect(changed);
    expect(sections.isFolded('profiles')).toBe(false);

    sections.toggle('profiles');
    expect(sections.isFolded('profiles')).toBe(true);
    expect(changed).toHaveBeenCalledTimes(1);

    // The next page, with the same state database.
    const next = new FoldedSections(state);
    await next.restore();
    expect(next.isFolded('profiles')).toBe(true);
    next.toggle('profiles');
    const third = new FoldedSections(state);
    await third.restore();
    expect(third.isFolded('profiles')).toBe(false);
  });

  it('keeps nothing but section names, and works without a state database', async () => {
    const state = new StateDB();
    await state.save('jupyterlab-dask-clusters:folded-sections', [
      'profiles',
      { secret: 'x' },
      3
    ] as any);
    const sections = new FoldedSections(state);
    await sections.restore();
    expect(sections.isFolded('profiles')).toBe(true);
    sections.toggle('gateway');
    expect(
      await state.fetch('jupyterlab-dask-clusters:folded-sections')
    ).toEqual(['profiles', 'gateway']);

    const none = new FoldedSections(null);
    await none.restore();
    none.toggle('profiles');
    expect(none.isFolded('profiles')).toBe(true);
  });
});
