/**
 * Where the browser should open a cluster's dashboard.
 *
 * - A relative link (dask's `distributed.dashboard.link` on a hub, e.g.
 *   `{JUPYTERHUB_SERVICE_PREFIX}proxy/{port}/status`) resolves against the
 *   Jupyter server's base URL.
 * - A gateway's link (its proxy's) is used as the gateway gives it, whatever
 *   host it names: the gateway serves it for browsers.
 * - The link of a scheduler the kernel runs or reaches, on the kernel's own
 *   host by any of its names and addresses (a Slurm node's `ib0` included),
 *   only works in a browser on that host: it goes through the server's
 *   jupyter-server-proxy, per the `dashboardProxy` setting. On another host
 *   it is used as given.
 * Only http(s) URLs come out; anything else gives null.
 */

/**
 * The `dashboardProxy` setting: 'auto', 'never', or a URL template with
 * `{base_url}`, `{host}`, `{port}` and `{path}`.
 */
export type DashboardProxy = string;

/**
 * jupyter-server-proxy's route, which 'auto' uses.
 */
const AUTO_TEMPLATE = '{base_url}proxy/{port}/{path}';

/**
 * Names every host has for itself.
 */
const LOOPBACK = ['127.0.0.1', 'localhost', '0.0.0.0', '::1'];

/**
 * What a dashboard link is, which decides whether it may be proxied: a
 * scheduler's own (one the kernel runs, or connected to) or a gateway's.
 */
export type DashboardSource = 'scheduler' | 'gateway';

/**
 * The source of the dashboard of a cluster of `kind` (a snapshot's): the one
 * rule for which links are proxied, by what the link is, not by its host.
 */
export function dashboardSource(
  kind: string | null | undefined
): DashboardSource {
  return kind === 'gateway' ? 'gateway' : 'scheduler';
}

export interface IDashboardUrlOptions {
  proxy: DashboardProxy;
  source: DashboardSource;
  /**
   * The Jupyter server's base URL (absolute).
   */
  baseUrl: string;
  /**
   * The kernel host's names and addresses, from the agent's hello.
   */
  hostAddresses?: readonly string[];
}

/**
 * The `dashboardProxy` setting from a raw value; true and false (the
 * setting's first form) mean 'auto' and 'never'. A template must say
 * `{port}`.
 */
export function readDashboardProxy(value: unknown): DashboardProxy {
  if (typeof value === 'boolean') {
    return value ? 'auto' : 'never';
  }
  return typeof value === 'string' &&
    (value === 'never' || value.includes('{port}'))
    ? value
    : 'auto';
}

/**
 * `link` resolved against `base` if it is an http(s) URL without whitespace.
 */
export function httpUrl(link: string, base: string): URL | null {
  try {
    const url = new URL(link, base);
    return !/\s/.test(link) && /^https?:$/.test(url.protocol) ? url : null;
  } catch {
    return null;
  }
}

/**
 * Map a dashboard link from the kernel to the URL the browser should open.
 */
export function dashboardUrl(
  link: string | null,
  options: IDashboardUrlOptions
): string | null {
  const base = options.baseUrl.replace(/\/?$/, '/');
  const url = link ? httpUrl(link, base) : null;
  if (!url) {
    return null;
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const local = [...LOOPBACK, ...(options.hostAddresses ?? [])];
  // Only a link with a scheme names a host; a relative one is the server's.
  if (
    options.source === 'gateway' ||
    options.proxy === 'never' ||
    !/^https?:/i.test(link!) ||
    !local.includes(host)
  ) {
    return url.href;
  }
  const names: { [name: string]: string } = {
    base_url: base,
    host: url.hostname,
    port: url.port || (url.protocol === 'https:' ? '443' : '80'),
    path: (url.pathname + url.search + url.hash).slice(1)
  };
  const template = options.proxy === 'auto' ? AUTO_TEMPLATE : options.proxy;
  return (
    httpUrl(
      template.replace(/\{(\w+)\}/g, (all, name) => names[name] ?? all),
      base
    )?.href ?? null
  );
}

/**
 * The URL of `path` (a plot's route in `individual-plots.json`, or
 * `individual-plots.json` itself) on the dashboard whose page is `page`; null
 * if it would leave the dashboard.
 */
export function dashboardPath(page: string, path: string): string | null {
  const root = new URL('.', page).href;
  const url = httpUrl(path.replace(/^\/+/, ''), root);
  return url?.href.startsWith(root) ? url.href : null;
}
