/**
 * Where the browser should open a cluster's dashboard.
 */

/**
 * Host names by which a kernel refers to its own machine.
 */
const KERNEL_HOSTS: readonly string[] = [
  '127.0.0.1',
  'localhost',
  '0.0.0.0',
  '[::1]'
];

export interface IDashboardUrlOptions {
  /**
   * Whether to reach dashboards on the kernel's host through
   * jupyter-server-proxy.
   */
  proxy: boolean;
  /**
   * The Jupyter server's base URL, ending with a slash.
   */
  baseUrl: string;
}

/**
 * Map a dashboard link from the kernel to the URL the browser should open.
 *
 * Only http(s) links are used (anything else gives null). A link to the
 * kernel's own host only works in a browser on that host, so with `proxy`
 * it becomes `<baseUrl>proxy/<port>/<path>`; other links are used as given.
 */
export function dashboardUrl(
  link: string | null,
  options: IDashboardUrlOptions
): string | null {
  if (!link) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return null;
  }
  if (!options.proxy || !KERNEL_HOSTS.includes(url.hostname)) {
    return link;
  }
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const base = options.baseUrl.endsWith('/')
    ? options.baseUrl
    : `${options.baseUrl}/`;
  return `${base}proxy/${port}${url.pathname}${url.search}${url.hash}`;
}
