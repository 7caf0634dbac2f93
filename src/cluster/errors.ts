/**
 * Which error the panel shows, and where: one message, next to the control
 * that caused it, only while it is true (UX.md). A request's failure shows
 * until the user changes what caused it or the next request succeeds; the
 * kernel's own "failed" state (which survives a page reload) shows only for
 * its site, until the user dismisses it by changing the site or the form.
 */
import type { IAgentConnection } from '../agent/types';
import type { ISnapshot, Op } from '../protocol';

/**
 * Where a message goes: under the primary button (start, apply size,
 * stop), or under the scheduler address.
 */
export type ErrorPlace = 'start' | 'connect';

export interface IShownError {
  place: ErrorPlace;
  message: string;
}

/**
 * What the choice needs to know.
 */
export interface IErrorFacts {
  /**
   * The last request's error and which request it was (null: refused
   * before it was sent, by the sizing checks).
   */
  error: string | null;
  failed: Op | null;
  /**
   * The site the failed request was about.
   */
  errorSite: string | null;
  snapshot: ISnapshot | null;
  /**
   * The site the panel shows.
   */
  selected: string | null;
  /**
   * The kernel's failure the user dismissed: its snapshot's `seq`.
   */
  dismissed: number | null;
}

export function shownError(facts: IErrorFacts): IShownError | null {
  const { error, failed, errorSite, snapshot, selected } = facts;
  if (error && failed === 'connect_scheduler') {
    return { place: 'connect', message: error };
  }
  if (error && (errorSite === null || errorSite === selected)) {
    return { place: 'start', message: error };
  }
  if (
    snapshot?.status === 'failed' &&
    snapshot.error &&
    snapshot.site === selected &&
    snapshot.seq !== facts.dismissed
  ) {
    return { place: 'start', message: snapshot.error };
  }
  return null;
}

/**
 * Whether the kernel's cluster status is about the site shown: a failed
 * start elsewhere is not this site's state.
 */
export function statusShown(
  snapshot: ISnapshot | null,
  selected: string | null
): ISnapshot['status'] {
  const status = snapshot?.status ?? 'none';
  return status === 'failed' && snapshot?.site !== selected ? 'none' : status;
}

/**
 * What the errors shown need of the cluster requests (`ClusterModel`).
 */
export interface IErrorSource {
  readonly error: string | null;
  readonly failed: Op | null;
  readonly startSite: string | null;
  readonly snapshot: ISnapshot | null;
  clearError(): void;
}

/**
 * The current notebook's error as shown, and its dismissal.
 */
export class ShownErrors {
  constructor(options: ShownErrors.IOptions) {
    this._options = options;
  }

  shown(selected: string | null): IShownError | null {
    const { source } = this._options;
    const connection = this._options.connection();
    const failed = source.failed;
    return shownError({
      error: source.error,
      failed,
      errorSite:
        failed === 'start'
          ? source.startSite
          : failed
            ? (source.snapshot?.site ?? null)
            : null,
      snapshot: source.snapshot,
      selected,
      dismissed: (connection && this._dismissed.get(connection)) ?? null
    });
  }

  /**
   * The user changed what caused the error shown at `place` (the site, a
   * field): it goes, the kernel's failed start included.
   */
  dismiss(place: ErrorPlace, selected: string | null): void {
    const { source } = this._options;
    const shown = this.shown(selected);
    const connection = this._options.connection();
    if (!shown || shown.place !== place || !connection) {
      return;
    }
    if (source.error) {
      source.clearError();
    } else if (source.snapshot) {
      this._dismissed.set(connection, source.snapshot.seq);
      this._options.onChange();
    }
  }

  private _options: ShownErrors.IOptions;
  /**
   * The kernel's failure each notebook's user dismissed: its snapshot's seq.
   */
  private _dismissed = new WeakMap<IAgentConnection, number>();
}

export namespace ShownErrors {
  export interface IOptions {
    source: IErrorSource;
    connection: () => IAgentConnection | null;
    onChange: () => void;
  }
}
