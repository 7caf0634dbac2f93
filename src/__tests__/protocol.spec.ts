import * as fs from 'fs';
import * as path from 'path';

import {
  PROTOCOL_VERSION,
  isAgentMessage,
  isHello,
  isProfileSummary,
  isProfiles,
  isRequest,
  isResult,
  isSiteSpec,
  MAX_WORKERS,
  isSnapshot
} from '../protocol';
import type { IHello } from '../protocol';
import { hello, running, snapshot } from './fakes';

interface IExample {
  name: string;
  direction: 'to_kernel' | 'to_frontend';
  valid: boolean;
  message: unknown;
}

const examples = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '..', '..', 'protocol', 'examples.json'),
    'utf-8'
  )
) as { protocol: number; examples: IExample[] };

const schema = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '..', '..', 'schema', 'sidebar.json'),
    'utf-8'
  )
);

describe('protocol/examples.json', () => {
  it('is the version this frontend speaks', () => {
    expect(examples.protocol).toBe(PROTOCOL_VERSION);
  });

  it('has examples in both directions, valid and not', () => {
    const kinds = new Set(
      examples.examples.map(e => `${e.direction}:${e.valid}`)
    );
    expect([...kinds].sort()).toEqual([
      'to_frontend:false',
      'to_frontend:true',
      'to_kernel:false',
      'to_kernel:true'
    ]);
  });

  it.each(examples.examples.map(e => [e.name, e] as const))(
    '%s',
    (_, example) => {
      const validate =
        example.direction === 'to_kernel' ? isRequest : isAgentMessage;
      expect(validate(example.message)).toBe(example.valid);
    }
  );
});

describe('validators', () => {
  it('refuses a snapshot with an extra key', () => {
    expect(isSnapshot(running(1))).toBe(true);
    expect(isSnapshot({ ...running(1), secret: 'x' })).toBe(false);
  });

  it('refuses a profile summary with any extra key', () => {
    const profile = {
      name: 'osn',
      source: 'both',
      endpoint: null,
      region: null,
      key_id: 'AKIA…WXYZ'
    };
    expect(isProfileSummary(profile)).toBe(true);
    expect(isProfileSummary({ ...profile, session_token: 'x' })).toBe(false);
    expect(
      isProfiles({ profiles: [profile], active: 'osn', error: null })
    ).toBe(true);
    expect(
      isProfiles({
        profiles: [{ ...profile, aws_secret_access_key: 'x' }],
        active: null,
        error: null
      })
    ).toBe(false);
  });

  it('checks the profile endpoints of hello', () => {
    const hello = (profile_endpoints: unknown) =>
      isRequest({
        type: 'request',
        id: 'r',
        op: 'hello',
        args: { protocol: PROTOCOL_VERSION, profile_endpoints }
      });
    expect(hello({})).toBe(true);
    expect(hello({ osn: 'HTTPS://s3.example.org:9000/bucket' })).toBe(true);
    expect(hello({ osn: 'http:s3.example.org' })).toBe(false);
    expect(hello({ osn: ' https://s3.example.org' })).toBe(false);
    expect(hello({ osn: null })).toBe(false);
    expect(hello('https://s3.example.org')).toBe(false);
  });

  it('accepts a hello and checks results by op', () => {
    expect(isHello(hello())).toBe(true);
    expect(isResult('hello', hello())).toBe(true);
    expect(isResult('start', hello())).toBe(false);
    expect(isResult('stop', snapshot({ seq: 3, status: 'stopped' }))).toBe(
      true
    );
    expect(isHello({ ...hello(), sites: [{ id: 'local' }] })).toBe(false);
  });

  /** The hello result of the example whose name starts so, checked valid. */
  const helloExample = (name: string): IHello => {
    const example = examples.examples.find(e => e.name.startsWith(name))!;
    const result = (example.message as { result: IHello }).result;
    expect(isHello(result)).toBe(true);
    return result;
  };

  it("checks a site summary's missing options (added within v1)", () => {
    const result = helloExample(
      'hello result with sites a start cannot use yet'
    );
    expect(result.sites.map(site => site.missing)).toEqual([
      [],
      ['account'],
      []
    ]);
    const broken = JSON.parse(JSON.stringify(result)) as IHello;
    (broken.sites[1] as unknown as { missing: string }).missing = 'account';
    expect(isHello(broken)).toBe(false);
    // An agent before the field omits it.
    delete broken.sites[1].missing;
    expect(isHello(broken)).toBe(true);
  });

  it("checks the machine and a local worker's size (added within v1)", () => {
    const result = helloExample('hello response with the machine');
    const copy = () => JSON.parse(JSON.stringify(result)) as IHello;
    const noCpus = copy();
    (noCpus.machine as unknown as { cpus: null }).cpus = null;
    expect(isHello(noCpus)).toBe(false);
    const gpus = copy();
    (gpus.sites[0].worker_size as unknown as { gpus: number }).gpus = 1;
    expect(isHello(gpus)).toBe(false);
    // An agent before the fields sends neither.
    const older = copy();
    delete older.machine;
    delete older.sites[0].worker_size;
    expect(isHello(older)).toBe(true);
  });

  it('checks the results of code and work', () => {
    const code = { python: 'import os\n', magic: '%load_ext x\n' };
    expect(isResult('code', code)).toBe(true);
    expect(isResult('code', { python: 'import os\n' })).toBe(false);
    expect(isResult('code', { ...code, secret: 'x' })).toBe(false);
    expect(isResult('work', { in_memory: 3, processing: 0 })).toBe(true);
    expect(isResult('work', { in_memory: -1, processing: 0 })).toBe(false);
    expect(isResult('stop', { in_memory: 3, processing: 0 })).toBe(false);
  });

  it('refuses numbers that are not counts', () => {
    const scale = (workers: unknown) =>
      isRequest({ type: 'request', id: 'r', op: 'scale', args: { workers } });
    expect(scale(3)).toBe(true);
    expect(scale(-1)).toBe(false);
    expect(scale(1.5)).toBe(false);
    expect(scale(NaN)).toBe(false);
    expect(scale('2')).toBe(false);
    expect(scale(null)).toBe(false);
  });

  it('limits worker counts as the settings schema does', () => {
    expect(schema.definitions.count.maximum).toBe(MAX_WORKERS);
    expect(isSiteSpec({ workers: MAX_WORKERS })).toBe(true);
    expect(isSiteSpec({ workers: MAX_WORKERS + 1 })).toBe(false);
  });

  it('accepts sites as the settings hold them: changes to a built-in too', () => {
    const sites = {
      nebari: { adapt: { minimum: 1, maximum: 8 } },
      denali: { options: { threads_per_worker: 2 }, detect: null },
      pbs: { label: 'PBS', kind: 'jobqueue', jobqueue: 'pbs' }
    };
    for (const spec of Object.values(sites)) {
      expect(isSiteSpec(spec)).toBe(true);
    }
    expect(
      isRequest({
        type: 'request',
        id: 'r-1',
        op: 'hello',
        args: { protocol: PROTOCOL_VERSION, sites }
      })
    ).toBe(true);
  });

  it('refuses malformed sites', () => {
    const local = { label: 'Local', kind: 'local' };
    expect(isSiteSpec(local)).toBe(true);
    expect(isSiteSpec({ ...local, kind: 'pbs' })).toBe(false);
    expect(isSiteSpec({ ...local, extra: 1 })).toBe(false);
    expect(isSiteSpec({ ...local, label: '' })).toBe(false);
    expect(isSiteSpec({ ...local, workers: -1 })).toBe(false);
    expect(isSiteSpec({ ...local, detect: { env: { A: 'b' } } })).toBe(false);
    expect(isSiteSpec({ ...local, env: { A: 1 } })).toBe(false);
    expect(isSiteSpec({ ...local, adapt: { minimum: 3, maximum: 1 } })).toBe(
      false
    );
  });
});
