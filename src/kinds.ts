/**
 * What the kinds of site add to the panel's model: a gateway's options and
 * clusters, a job queue's options and job script; the model reaches them by
 * the kind of the site at hand.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { JSONObject } from '@lumino/coreutils';

import { siteProblem } from './cluster/availability';
import { GatewayModel } from './gateway/model';
import { JobqueueModel } from './jobqueue/model';
import type { ISiteSummary } from './protocol';
import type { RequestTracker } from './requests';

export class KindParts {
  constructor(options: KindParts.IOptions) {
    this._site = options.site;
    this._trans = options.trans;
    this.gateway = new GatewayModel(options);
    this.jobqueue = new JobqueueModel(options);
  }

  /**
   * The options and clusters of gateway sites.
   */
  readonly gateway: GatewayModel;

  /**
   * A job-queue site's options before Start, and its job-script preview.
   */
  readonly jobqueue: JobqueueModel;

  /**
   * Load a gateway site's options and clusters when its section shows.
   */
  show(site: string | null): void {
    const shown = site ? this._site(site) : undefined;
    // An unavailable gateway (none configured) has nothing to list.
    if (site && shown?.kind === 'gateway' && shown.available) {
      this.gateway.show(site);
    }
  }

  /**
   * Why a start of `site` cannot work now (unavailable, a required option
   * not typed yet), or null.
   */
  startProblem(site: string | null): string | null {
    const shown = site ? this._site(site) : undefined;
    const edits = site ? this.jobqueue.state(site).edits : {};
    return siteProblem(shown, shown?.missing ?? [], edits, this._trans);
  }

  /**
   * The options a start of `site` sends, which its kind's part keeps.
   */
  startOptions(site: string): JSONObject | undefined {
    const kind = this._site(site)?.kind;
    return kind === 'gateway'
      ? this.gateway.startOptions(site)
      : kind === 'jobqueue'
        ? this.jobqueue.overrides(site)
        : undefined;
  }

  /**
   * The kernel's cluster changed (a start, a stop, workers arriving): a
   * gateway site lists its clusters anew once it settles.
   */
  changedOn(site: string | null): void {
    if (site && this._site(site)?.kind === 'gateway') {
      this.gateway.followCluster(site);
    }
  }

  private _site: (id: string) => ISiteSummary | undefined;
  private _trans: TranslationBundle;
}

export namespace KindParts {
  export interface IOptions extends RequestTracker.IOptions {
    /**
     * The current notebook's site of this id.
     */
    site: (id: string) => ISiteSummary | undefined;
  }
}
