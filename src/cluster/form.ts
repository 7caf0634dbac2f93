/**
 * What each notebook's sizing form holds, as typed, for the site it was
 * typed for: a start without a size uses it, and the form starts from it
 * again after Stop (it keeps what the user chose).
 */
import type { ISnapshot } from '../protocol';
import type { IAgentConnection, ISizingDefaults, Sizing } from '../tokens';
import type { ISizingForm } from '../validation';

export class SizingForms {
  constructor(connection: () => IAgentConnection | null) {
    this._connection = connection;
  }

  /**
   * The current notebook's form for `site`, or null (none typed yet).
   */
  get(site: string | null): ISizingForm | null {
    const connection = this._connection();
    const entry = connection ? this._forms.get(connection) : undefined;
    return entry && entry.site === site ? entry.form : null;
  }

  set(site: string | null, form: ISizingForm | null): void {
    const connection = this._connection();
    if (connection) {
      this._forms.set(connection, { site, form });
    }
  }

  private _connection: () => IAgentConnection | null;
  private _forms = new WeakMap<
    IAgentConnection,
    { site: string | null; form: ISizingForm | null }
  >();
}

/**
 * A form holding `defaults` (the site's or the cluster's sizing).
 */
export function formOf(defaults: ISizingDefaults): ISizingForm {
  return {
    mode: defaults.mode,
    workers: String(defaults.workers),
    minimum: String(defaults.minimum),
    maximum: String(defaults.maximum)
  };
}

/**
 * The size a snapshot's cluster has now, as the form would ask for it.
 */
export function sizingOf(snapshot: ISnapshot): Sizing {
  return snapshot.adapt
    ? { mode: 'adaptive', ...snapshot.adapt }
    : { mode: 'fixed', workers: snapshot.workers.requested };
}
