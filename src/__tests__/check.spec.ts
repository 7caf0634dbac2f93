import { PageConfig } from '@jupyterlab/coreutils';
import { nullTranslator } from '@jupyterlab/translation';

import { checkDashboard } from '../dashboard/check';

const trans = nullTranslator.load('jupyterlab_dask_clusters');
const BASE = PageConfig.getBaseUrl(); // the page's origin in jsdom, with a slash
const PAGE = `${BASE}proxy/8787/status`;
const PLOTS_JSON = `${BASE}proxy/8787/individual-plots.json`;

/**
 * What distributed's /individual-plots.json answers (abridged).
 */
const DASK_PLOTS = {
  'Individual Task Stream': '/individual-task-stream',
  'Individual Progress': '/individual-progress',
  'Individual Cluster Map': '/statics/individual-cluster-map.html'
};

interface IAnswer {
  status: number;
  body: string;
}

/**
 * A fetch answering like the real servers: `answers` by URL; a URL without
 * one fails the way the browser does when nothing listens.
 */
function fakeFetch(answers: { [url: string]: IAnswer }) {
  const calls: [string, RequestInit | undefined][] = [];
  const fetch = jest.fn(async (url: string, init?: RequestInit) => {
    calls.push([url, init]);
    const answer = answers[url];
    if (!answer) {
      throw new TypeError('Failed to fetch');
    }
    return {
      status: answer.status,
      ok: answer.status >= 200 && answer.status < 300,
      json: async () => JSON.parse(answer.body)
    } as Response;
  });
  (globalThis as any).fetch = fetch;
  return calls;
}

afterEach(() => {
  delete (globalThis as any).fetch;
});

describe('checkDashboard', () => {
  it("lists a Dask dashboard's plots, asking with the browser's credentials", async () => {
    const calls = fakeFetch({
      [PLOTS_JSON]: { status: 200, body: JSON.stringify(DASK_PLOTS) }
    });
    expect(await checkDashboard(PAGE, trans)).toEqual({
      plots: [
        { name: 'Cluster Map', route: '/statics/individual-cluster-map.html' },
        { name: 'Progress', route: '/individual-progress' },
        { name: 'Task Stream', route: '/individual-task-stream' }
      ]
    });
    expect(calls).toEqual([
      [PLOTS_JSON, expect.objectContaining({ credentials: 'include' })]
    ]);
  });

  it('says a proxied dashboard whose scheduler is gone is not reachable', async () => {
    // jupyter-server-proxy (4.x) answers 500 when nothing listens on the port.
    fakeFetch({ [PLOTS_JSON]: { status: 500, body: 'connection refused' } });
    const result = await checkDashboard(PAGE, trans);
    expect(result).toEqual({
      error: expect.stringMatching(/not reachable \(HTTP 500\)/)
    });
  });

  it('says jupyter-server-proxy is missing when the server has no proxy', async () => {
    fakeFetch({
      [PLOTS_JSON]: { status: 404, body: '<html>404 : Not Found</html>' },
      // Without jupyter-server-proxy, its API is missing too.
      [`${BASE}server-proxy/servers-info`]: { status: 404, body: '' }
    });
    expect(await checkDashboard(PAGE, trans)).toEqual({
      error: expect.stringMatching(/jupyter-server-proxy is missing/)
    });
  });

  it('says another server on the port is not a Dask dashboard', async () => {
    fakeFetch({
      [PLOTS_JSON]: { status: 404, body: 'Not Found' },
      [`${BASE}server-proxy/servers-info`]: {
        status: 200,
        body: '{"server_processes": []}'
      }
    });
    expect(await checkDashboard(PAGE, trans)).toEqual({
      error: expect.stringMatching(/does not serve a Dask dashboard \(HTTP 404/)
    });
    fakeFetch({ [PLOTS_JSON]: { status: 200, body: '<html>login</html>' } });
    expect(await checkDashboard(PAGE, trans)).toEqual({
      error: expect.stringMatching(/does not serve a Dask dashboard \(HTTP 200/)
    });
    fakeFetch({ [PLOTS_JSON]: { status: 200, body: '{"a": 1}' } });
    expect(await checkDashboard(PAGE, trans)).toEqual({
      error: expect.stringMatching(/does not serve a Dask dashboard/)
    });
  });

  it('says an unreachable dashboard is not reachable', async () => {
    fakeFetch({});
    expect(await checkDashboard(PAGE, trans)).toEqual({
      error: `The dashboard at ${PAGE} is not reachable.`
    });
  });

  it('accepts a dashboard on another origin that answers but cannot be read', async () => {
    const page = 'https://gateway.example.org/clusters/dev.abc/status';
    const url =
      'https://gateway.example.org/clusters/dev.abc/individual-plots.json';
    // Without CORS, a cors fetch fails; an opaque no-cors one answers.
    const calls: (RequestInit | undefined)[] = [];
    (globalThis as any).fetch = jest.fn(
      async (target: string, init?: RequestInit) => {
        calls.push(init);
        if (target !== url || init?.mode !== 'no-cors') {
          throw new TypeError('Failed to fetch');
        }
        return { status: 0, ok: false, type: 'opaque' } as Response;
      }
    );
    expect(await checkDashboard(page, trans)).toEqual({ plots: [] });
    expect(calls.map(init => init?.credentials)).toEqual([
      'include',
      'include'
    ]);
  });
});
