/**
 * Public interfaces and tokens, for this extension's plugins and others'.
 */
import type { ISessionContext } from '@jupyterlab/apputils';
import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';
import type { Widget } from '@lumino/widgets';

import type { ConnectionStatus, IAgentConnection } from './agent/types';
import type { ErrorPlace, IShownError } from './cluster/errors';
import type { GatewayModel } from './gateway/model';
import type { JobqueueModel } from './jobqueue/model';

import type {
  IProfileSummary,
  ISiteSummary,
  ISnapshot,
  ProfileEndpoints,
  SiteSpecs
} from './protocol';

export type { ConnectionStatus, IAgentConnection } from './agent/types';

/**
 * What the panel shows: a connection's status, or that there is no notebook.
 */
export type PanelStatus = 'no-notebook' | ConnectionStatus;

/**
 * A widget whose kernel can hold a cluster: a notebook panel.
 */
export type KernelHost = Widget & { readonly sessionContext: ISessionContext };

/**
 * How to size a cluster: a fixed number of workers, or adaptive bounds.
 */
export type Sizing =
  | { mode: 'fixed'; workers: number }
  | { mode: 'adaptive'; minimum: number; maximum: number };

/**
 * The sizing form's raw values.
 */
export interface ISizingForm {
  mode: Sizing['mode'];
  workers: string;
  minimum: string;
  maximum: string;
}

/**
 * Where a sizing form starts: the mode, and values for both modes so that
 * switching modes shows sensible numbers.
 */
export interface ISizingDefaults {
  mode: Sizing['mode'];
  workers: number;
  minimum: number;
  maximum: number;
}

/**
 * Which actions make sense now.
 */
export interface IClusterActions {
  start: boolean;
  scale: boolean;
  adapt: boolean;
  stop: boolean;
}

/**
 * The extension's settings (schema/sidebar.json).
 */
export interface IDaskClustersSettings {
  /**
   * Site specifications by id, sent to the agent with `hello`.
   */
  sites: SiteSpecs;
  /**
   * S3 endpoints by AWS profile name, sent to the agent with `hello`.
   */
  profileEndpoints: ProfileEndpoints;
  /**
   * The site to preselect; empty for the one the kernel detects.
   */
  defaultSite: string;
  /**
   * How to open dashboards on the kernel's host: 'auto' (through
   * jupyter-server-proxy), 'never', or a URL template (src/dashboard/url.ts).
   */
  dashboardProxy: string;
  /**
   * How long a start may take, in seconds.
   */
  requestTimeoutSeconds: number;
}

/**
 * The AWS profiles of the current notebook's kernel: what the browser may
 * know of them, never a secret.
 */
export interface IProfilesState {
  /**
   * The profiles the kernel listed last.
   */
  readonly list: readonly IProfileSummary[];
  /**
   * The profile applied in the kernel, from its latest snapshot.
   */
  readonly active: IProfileSummary | null;
  /**
   * The running cluster's number of workers, which have the active profile's
   * variables too; null without a running cluster.
   */
  readonly workers: number | null;
  /**
   * The last profile request's error, else why the kernel could not list
   * its AWS files (a malformed one); no files at all is no error.
   */
  readonly error: string | null;
  /**
   * Whether the kernel has listed its profiles (an empty list before is no
   * answer yet, not "no profiles").
   */
  readonly listed: boolean;
  /**
   * Whether the listing is being requested.
   */
  readonly loading: boolean;
  /**
   * Whether a profile request is waiting for the kernel, or the kernel is
   * not connected: profile actions are disabled.
   */
  readonly busy: boolean;
}

/**
 * The Dask cluster state of the current notebook and the actions on it.
 */
export interface IDaskClusters {
  /**
   * Emitted when anything below changes.
   */
  readonly changed: ISignal<IDaskClusters, void>;
  readonly notebook: KernelHost | null;
  readonly connection: IAgentConnection | null;
  readonly status: PanelStatus;
  /**
   * Why the connection is unavailable, in words for the user.
   */
  readonly statusMessage: string | null;
  readonly sites: readonly ISiteSummary[];
  readonly detectedSite: string | null;
  /**
   * The site of the running cluster, else the user's choice for this
   * notebook, else the default site, else the detected one.
   */
  readonly selectedSite: string | null;
  readonly snapshot: ISnapshot | null;
  /**
   * The cluster's dashboard as the browser should open it, or null.
   */
  readonly dashboardUrl: string | null;
  /**
   * The connection to the kernel of any notebook, not only the current one.
   */
  connectionFor(notebook: KernelHost): IAgentConnection;
  /**
   * The dashboard of a connection's cluster as the browser should open it
   * (per the settings), or null.
   */
  dashboardUrlOf(connection: IAgentConnection | null): string | null;
  /**
   * Whether a request from this panel, other than listing the profiles, is
   * waiting for the kernel.
   */
  readonly busy: boolean;
  /**
   * The last request error, for this notebook.
   */
  readonly error: string | null;
  /**
   * The one error the panel shows now, and the control it belongs to: a
   * request's while nothing changed since, else the kernel's failed start
   * for the site shown (cluster/errors.ts).
   */
  readonly shownError: IShownError | null;
  /**
   * The user changed what caused the error at `place` (a field): it goes.
   */
  dismissError(place: ErrorPlace): void;
  /**
   * Why Start cannot work on the site shown, in words for the user, or null.
   */
  readonly startProblem: string | null;
  /**
   * Where a sizing form should start.
   */
  readonly sizingDefaults: ISizingDefaults;
  readonly actions: IClusterActions;
  /**
   * Whether a client can connect to a running scheduler now (no cluster).
   */
  readonly canConnect: boolean;
  /**
   * The kernel's AWS profiles.
   */
  readonly profiles: IProfilesState;
  /**
   * The options and clusters of gateway sites (Dask Gateway, Nebari).
   */
  readonly gateway: GatewayModel;
  /**
   * A job-queue site's options before Start, and its job-script preview.
   */
  readonly jobqueue: JobqueueModel;
  settings: IDaskClustersSettings;
  /**
   * What the panel's sizing form holds, as typed; null when it shows the
   * defaults. The start command without a size starts with it.
   */
  sizingForm: ISizingForm | null;

  selectSite(site: string): void;
  /**
   * Start a cluster; without sizing the site's defaults apply.
   *
   * Like the other actions, it never rejects: failures are notified and
   * kept in `error`.
   */
  start(site: string, sizing?: Sizing): Promise<void>;
  scale(workers: number): Promise<void>;
  adapt(minimum: number, maximum: number): Promise<void>;
  stop(): Promise<void>;
  /**
   * Connect `client` in the kernel to the scheduler at `address`
   * (`tcp://host:port`, `tls://…`); a malformed address is refused without
   * sending anything.
   */
  connectScheduler(address: string): Promise<void>;
  /**
   * List the kernel's AWS profiles again (the files may have changed).
   */
  reloadProfiles(): Promise<void>;
  /**
   * Apply profile `name` in the kernel (and to its cluster's workers), with
   * the S3 endpoint the user typed, if any; an endpoint that is not an
   * http(s) URL is refused without sending anything.
   */
  useProfile(name: string, endpoint?: string): Promise<void>;
  /**
   * Remove the applied profile's variables from the kernel.
   */
  clearProfile(): Promise<void>;
}

/**
 * The Dask clusters of the notebooks, following the current one.
 */
export const IDaskClusters = new Token<IDaskClusters>(
  'jupyterlab-dask-clusters:IDaskClusters',
  'The Dask cluster of the current notebook: its state and the actions to start, scale and stop it.'
);
