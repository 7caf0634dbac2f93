import { dashboardUrl } from '../dashboard/url';

const BASE = 'https://hub.example.org/user/alice/';

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
  ])('rewrites %s on the kernel host to the server proxy', (link, url) => {
    expect(dashboardUrl(link, { proxy: true, baseUrl: BASE })).toBe(url);
  });

  it('adds the slash a base URL lacks', () => {
    expect(
      dashboardUrl('http://127.0.0.1:8787/status', {
        proxy: true,
        baseUrl: 'http://127.0.0.1:8888/lab-base'
      })
    ).toBe('http://127.0.0.1:8888/lab-base/proxy/8787/status');
  });

  it('keeps links on other hosts as given', () => {
    const gateway =
      'https://nebari.example.org/gateway/clusters/dev.abc123/status';
    expect(dashboardUrl(gateway, { proxy: true, baseUrl: BASE })).toBe(gateway);
    expect(
      dashboardUrl('http://10.1.2.3:8787/status', {
        proxy: true,
        baseUrl: BASE
      })
    ).toBe('http://10.1.2.3:8787/status');
  });

  it('keeps kernel-host links as given without the proxy', () => {
    expect(
      dashboardUrl('http://127.0.0.1:8787/status', {
        proxy: false,
        baseUrl: BASE
      })
    ).toBe('http://127.0.0.1:8787/status');
  });

  it.each([
    [null],
    [''],
    ['javascript:alert(1)'],
    ['file:///etc/passwd'],
    ['data:text/html,<script>alert(1)</script>'],
    ['ftp://127.0.0.1/status'],
    ['not a url'],
    ['/proxy/8787/status']
  ])('gives null for %j', link => {
    expect(dashboardUrl(link, { proxy: true, baseUrl: BASE })).toBeNull();
    expect(dashboardUrl(link, { proxy: false, baseUrl: BASE })).toBeNull();
  });
});
