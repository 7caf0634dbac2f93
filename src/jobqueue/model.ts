/**
 * The options of a job-queue site before Start, as the kernel resolves them
 * (site, dask config), the user's edits, and the job-script preview.
 */
import type { JSONObject, JSONValue } from '@lumino/coreutils';

import type { IHello, ISiteOptions } from '../protocol';
import { RequestTracker } from '../requests';
import type { IAgentConnection } from '../agent/types';

/**
 * What the panel shows of one job-queue site.
 */
export interface IJobqueueState {
  /**
   * The values a start would use and where they come from; null until the
   * kernel answered.
   */
  readonly options: ISiteOptions | null;
  /**
   * What the user typed, by option name: sent with Start and the preview.
   */
  readonly edits: JSONObject;
  /**
   * The last preview of the job script, for the current edits.
   */
  readonly script: string | null;
  readonly loading: boolean;
  /**
   * Whether a request is waiting for the kernel.
   */
  readonly busy: boolean;
  readonly error: string | null;
}

interface ISiteEntry {
  hello: IHello | null;
  options: ISiteOptions | null;
  edits: JSONObject;
  script: string | null;
}

/**
 * The job-queue part of the panel's model (which owns it), per notebook and
 * site; it follows the current notebook's connection like the other trackers.
 */
export class JobqueueModel extends RequestTracker {
  state(site: string): IJobqueueState {
    const entry = this._entry(site);
    const pending = this.pending;
    return {
      options: entry?.options ?? null,
      edits: entry?.edits ?? {},
      script: entry?.script ?? null,
      loading: pending.has('site_options'),
      busy: this._connection()?.status !== 'ready' || pending.size > 0,
      error: this.error
    };
  }

  /**
   * Ask the kernel for the site's options once per greeting (a restart or a
   * settings change greets again).
   */
  loadOnce(site: string): void {
    const connection = this._connection();
    const hello = connection?.hello ?? null;
    const entry = this._entry(site, true);
    if (connection?.status === 'ready' && entry && entry.hello !== hello) {
      entry.hello = hello;
      void this.reload(site);
    }
  }

  async reload(site: string): Promise<void> {
    const entry = this._entry(site, true);
    const options = await this.send('site_options', this._args(site));
    if (entry && options) {
      entry.options = options;
      this._onChange();
    }
  }

  /**
   * Set (or, with undefined, forget) the user's value of one option; the
   * preview no longer matches.
   */
  edit(site: string, name: string, value: JSONValue | undefined): void {
    const entry = this._entry(site, true);
    if (!entry) {
      return;
    }
    const edits = { ...entry.edits };
    if (value === undefined) {
      delete edits[name];
    } else {
      edits[name] = value;
    }
    entry.edits = edits;
    entry.script = null;
    this._onChange();
  }

  /**
   * The job script a start with the current edits would submit; the options
   * are read again too, so that their sources show the edits.
   */
  async preview(site: string): Promise<void> {
    const entry = this._entry(site, true);
    const trans = this._trans;
    const result = await this.send('job_script', this._args(site), {
      failure: message => trans.__('No job script: %1', message)
    });
    if (entry && result) {
      entry.script = result.job_script;
      this._onChange();
      await this.reload(site);
    }
  }

  /**
   * The user's edits for a start of `site`, if any.
   */
  overrides(site: string): JSONObject | undefined {
    const edits = this._entry(site)?.edits;
    return edits && Object.keys(edits).length ? edits : undefined;
  }

  private _args(site: string): { site: string; options?: JSONObject } {
    const options = this.overrides(site);
    return options ? { site, options } : { site };
  }

  private _entry(site: string, create = false): ISiteEntry | undefined {
    const connection = this._connection();
    if (!connection) {
      return undefined;
    }
    let sites = this._sites.get(connection);
    if (!sites) {
      sites = new Map();
      this._sites.set(connection, sites);
    }
    let entry = sites.get(site);
    if (!entry && create) {
      entry = { hello: null, options: null, edits: {}, script: null };
      sites.set(site, entry);
    }
    return entry;
  }

  private _sites = new WeakMap<IAgentConnection, Map<string, ISiteEntry>>();
}
