import * as fs from 'fs';
import * as path from 'path';

import { formatBytes } from '../components/format';
import { DEFAULT_SETTINGS, greetingOf, readSettings } from '../settings';

const schema = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '..', '..', 'schema', 'sidebar.json'),
    'utf-8'
  )
);

describe('readSettings', () => {
  it('reads the schema defaults', () => {
    const defaults = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [
        key,
        (value as any).default
      ])
    );
    const settings = readSettings(defaults);
    // The built-in sites live in the agent alone: the default adds nothing.
    expect(settings.sites).toEqual({});
    expect(settings).toMatchObject({
      profileEndpoints: {},
      defaultSite: '',
      dashboardProxy: 'auto',
      requestTimeoutSeconds: 120
    });
  });

  it('keeps sites as written and skips invalid ones', () => {
    const warn = jest
      .spyOn(console, 'warn')
      .mockImplementation(() => undefined);
    const settings = readSettings({
      sites: {
        pbs: { label: 'PBS', kind: 'jobqueue', jobqueue: 'pbs' },
        // A change to one field of a built-in site: the agent keeps the rest.
        nebari: { adapt: { minimum: 1, maximum: 8 } },
        broken: { label: 'Broken', kind: 'teleport' },
        unnamed: { label: '' }
      },
      requestTimeoutSeconds: -1
    });
    expect(settings.sites).toEqual({
      pbs: { label: 'PBS', kind: 'jobqueue', jobqueue: 'pbs' },
      nebari: { adapt: { minimum: 1, maximum: 8 } }
    });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('"broken"'));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('"unnamed"'));
    expect(settings.requestTimeoutSeconds).toBe(
      DEFAULT_SETTINGS.requestTimeoutSeconds
    );
    warn.mockRestore();
  });

  it('greets with every setting, empty ones too', () => {
    // An entry the user removed must be gone from the kernel as well.
    expect(greetingOf(DEFAULT_SETTINGS)).toEqual({
      sites: {},
      profile_endpoints: {}
    });
  });

  it('keeps the profile endpoints that are http(s) URLs', () => {
    const warn = jest
      .spyOn(console, 'warn')
      .mockImplementation(() => undefined);
    const settings = readSettings({
      profileEndpoints: {
        osn: 'https://usgs.osn.mghpcc.org',
        "x'); import os#": 'http://127.0.0.1:5555',
        local: 'file:///etc/passwd',
        other: 42,
        // The agent refuses these too (one rule): dropped here, not at Apply.
        query: 'https://s3.example.org/?x=1',
        password: 'https://user:pw@s3.example.org'
      }
    });
    expect(settings.profileEndpoints).toEqual({
      osn: 'https://usgs.osn.mghpcc.org',
      "x'); import os#": 'http://127.0.0.1:5555'
    });
    expect(warn).toHaveBeenCalledTimes(4);
    expect(readSettings({ profileEndpoints: ['x'] }).profileEndpoints).toEqual(
      {}
    );
    warn.mockRestore();
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [2048, '2.00 kiB'],
    [8_000_000_000, '7.45 GiB'],
    [1024 ** 4 * 3, '3.00 TiB']
  ])('formats %d as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
