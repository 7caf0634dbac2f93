/**
 * The panel's sections that the user folded, kept in JupyterLab's state
 * database so that a page reload shows them as they were. Only section names
 * are kept: nothing of a profile, let alone a secret.
 */
import type { IStateDB } from '@jupyterlab/statedb';
import { type ISignal, Signal } from '@lumino/signaling';

const KEY = 'jupyterlab-dask-clusters:folded-sections';

export class FoldedSections {
  constructor(state: IStateDB | null) {
    this._state = state;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * Read what the state database kept (nothing without one).
   */
  async restore(): Promise<void> {
    const saved = await this._state?.fetch(KEY).catch(() => null);
    if (Array.isArray(saved)) {
      this._folded = new Set(
        saved.filter((name): name is string => typeof name === 'string')
      );
      this._changed.emit();
    }
  }

  isFolded(section: string): boolean {
    return this._folded.has(section);
  }

  toggle(section: string): void {
    if (!this._folded.delete(section)) {
      this._folded.add(section);
    }
    void this._state?.save(KEY, [...this._folded]);
    this._changed.emit();
  }

  private _state: IStateDB | null;
  private _folded = new Set<string>();
  private _changed = new Signal<this, void>(this);
}
