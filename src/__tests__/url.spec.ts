import {
  dashboardPath,
  dashboardSource,
  dashboardUrl,
  readDashboardProxy,
  type IDashboardUrlOptions
} from '../dashboard/url';
import { isResult } from '../protocol';
import { hello } from './fakes';

const BASE = 'https://hub.example.org/user/alice/';
/**
 * A Slurm node as its agent describes itself: its name, loopback, its
 * Ethernet and InfiniBand (ib0) addresses, IPv6 included.
 */
const NODE = ['tg-node17', '127.0.0.1', '10.1.2.3', '172.16.0.17', '::1'];
const AUTO: IDashboardUrlOptions = {
  proxy: 'auto',
  source: 'scheduler',
  baseUrl: BASE,
  hostAddresses: NODE
};

describe('dashboardUrl', () => {
  it.each([
    ['http://127.0.0.1:8787/status', `${BASE}proxy/8787/status`],
    ['http://localhost:40123/status', `${BASE}proxy/40123/status`],
    ['http://0.0.0.0:8787/status', `${BASE}proxy/8787/status`],
    ['http://[::1]:8787/status', `${BASE}proxy/8787/status`],
    [
      'http://127.0.0.1:8787/individual-plots.json?x=1#top',
      `${BASE}proxy/8787/individual-plots.json?x=1#top`
    ],
    ['http://127.0.0.1/status', `${BASE}proxy/80/status`]
  ])('sends loopback %s through the server proxy', (link, url) => {
    expect(dashboardUrl(link, AUTO)).toBe(url);
    // Loopback is the kernel's host even when the agent listed nothing.
    expect(
      dashboardUrl(link, { proxy: 'auto', source: 'scheduler', baseUrl: BASE })
    ).toBe(url);
  });

  it.each([
    ['http://172.16.0.17:8787/status', `${BASE}proxy/8787/status`],
    ['http://10.1.2.3:39421/status', `${BASE}proxy/39421/status`],
    ['http://TG-Node17:8787/status', `${BASE}proxy/8787/status`]
  ])(
    "sends %s, another interface of the kernel's host, through the server proxy",
    (link, url) => {
      expect(dashboardUrl(link, AUTO)).toBe(url);
    }
  );

  it('keeps the address of a host that is not the kernel host', () => {
    expect(dashboardUrl('http://172.16.0.18:8787/status', AUTO)).toBe(
      'http://172.16.0.18:8787/status'
    );
    expect(
      dashboardUrl('http://10.1.2.3:8787/status', {
        proxy: 'auto',
        source: 'scheduler',
        baseUrl: BASE
      })
    ).toBe('http://10.1.2.3:8787/status');
  });

  it.each([
    ['/user/alice/proxy/8787/status', `${BASE}proxy/8787/status`],
    ['proxy/8787/status', `${BASE}proxy/8787/status`],
    [
      '../bob/proxy/8787/status',
      'https://hub.example.org/user/bob/proxy/8787/status'
    ]
  ])("resolves the relative %s against the server's base URL", (link, url) => {
    expect(dashboardUrl(link, AUTO)).toBe(url);
    expect(dashboardUrl(link, { ...AUTO, proxy: 'never' })).toBe(url);
  });

  it('uses a gateway dashboard as given', () => {
    const gateway =
      'https://nebari.example.org/gateway/clusters/dev.abc123/status';
    expect(dashboardUrl(gateway, AUTO)).toBe(gateway);
    expect(dashboardUrl(gateway, { ...AUTO, proxy: 'never' })).toBe(gateway);
  });

  it("uses a gateway's link as given on the kernel's own host too", () => {
    // A gateway on the kernel's host (or on loopback) serves its own proxy:
    // what the link is decides, not the host it names.
    const onHost = 'http://127.0.0.1:8000/clusters/dev.abc123/status';
    const gateway = { ...AUTO, source: 'gateway' as const };
    expect(dashboardUrl(onHost, gateway)).toBe(onHost);
    expect(
      dashboardUrl('http://10.1.2.3:8000/clusters/x/status', gateway)
    ).toBe('http://10.1.2.3:8000/clusters/x/status');
    expect(dashboardUrl(onHost, AUTO)).toBe(
      `${BASE}proxy/8000/clusters/dev.abc123/status`
    );
  });

  it('takes the source from the kind of cluster', () => {
    expect(dashboardSource('gateway')).toBe('gateway');
    for (const kind of ['local', 'jobqueue', 'class', null, undefined]) {
      expect(dashboardSource(kind)).toBe('scheduler');
    }
  });

  it('adds the slash a base URL lacks', () => {
    expect(
      dashboardUrl('http://127.0.0.1:8787/status', {
        proxy: 'auto',
        source: 'scheduler',
        baseUrl: 'http://127.0.0.1:8888/lab-base'
      })
    ).toBe('http://127.0.0.1:8888/lab-base/proxy/8787/status');
  });

  it('keeps kernel-host links as given with "never"', () => {
    expect(
      dashboardUrl('http://10.1.2.3:8787/status', { ...AUTO, proxy: 'never' })
    ).toBe('http://10.1.2.3:8787/status');
  });

  it('fills a template', () => {
    const proxy = '{base_url}proxy/absolute/{host}:{port}/{path}';
    expect(
      dashboardUrl('http://10.1.2.3:8787/status', { ...AUTO, proxy })
    ).toBe(`${BASE}proxy/absolute/10.1.2.3:8787/status`);
    expect(
      dashboardUrl('http://127.0.0.1:8787/status', {
        ...AUTO,
        proxy: '/hub/user-redirect/proxy/{port}/status'
      })
    ).toBe('https://hub.example.org/hub/user-redirect/proxy/8787/status');
    // A template that makes something other than http(s) is refused too.
    expect(
      dashboardUrl('http://127.0.0.1:8787/status', {
        ...AUTO,
        proxy: 'javascript:alert({port})'
      })
    ).toBeNull();
  });

  it.each([
    [null],
    [''],
    ['javascript:alert(1)'],
    ['JavaScript:alert(1)'],
    ['file:///etc/passwd'],
    ['data:text/html,<script>alert(1)</script>'],
    ['ftp://127.0.0.1/status'],
    ['ws://127.0.0.1:8787/status'],
    ['not a url'],
    ['http://127.0.0.1:8787/status page']
  ])('refuses %j', link => {
    for (const proxy of ['auto', 'never']) {
      expect(dashboardUrl(link, { ...AUTO, proxy })).toBeNull();
    }
  });
});

describe('dashboardPath', () => {
  const page = `${BASE}proxy/8787/status`;

  it('finds routes under the dashboard', () => {
    expect(dashboardPath(page, 'individual-plots.json')).toBe(
      `${BASE}proxy/8787/individual-plots.json`
    );
    expect(dashboardPath(page, '/individual-task-stream')).toBe(
      `${BASE}proxy/8787/individual-task-stream`
    );
    expect(
      dashboardPath(
        'https://nebari.example.org/gateway/clusters/dev.abc123/status',
        '/statics/individual-cluster-map.html'
      )
    ).toBe(
      'https://nebari.example.org/gateway/clusters/dev.abc123/statics/individual-cluster-map.html'
    );
  });

  it.each([
    ['javascript:alert(1)'],
    ['https://evil.example.org/x'],
    ['../../../logout'],
    ['a b']
  ])('refuses %j', path => {
    expect(dashboardPath(page, path)).toBeNull();
  });
});

describe('readDashboardProxy', () => {
  it.each([
    [true, 'auto'],
    [false, 'never'],
    ['auto', 'auto'],
    ['never', 'never'],
    ['{base_url}proxy/{port}/status', '{base_url}proxy/{port}/status'],
    ['{base_url}proxy/8787/status', 'auto'],
    [42, 'auto'],
    [undefined, 'auto']
  ])('reads %j as %j', (value, proxy) => {
    expect(readDashboardProxy(value)).toBe(proxy);
  });
});

describe("hello's host_addresses", () => {
  it('are names, and may be absent (an older agent)', () => {
    expect(isResult('hello', hello())).toBe(true);
    expect(isResult('hello', { ...hello(), host_addresses: NODE })).toBe(true);
    for (const bad of [['node17', 17], 'node17', ['']]) {
      expect(isResult('hello', { ...hello(), host_addresses: bad })).toBe(
        false
      );
    }
  });
});
