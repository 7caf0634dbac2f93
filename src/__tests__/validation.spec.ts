import { nullTranslator } from '@jupyterlab/translation';

import {
  checkBounds,
  checkCount,
  parseCount,
  parseEndpoint,
  parseSizing,
  type ISizingForm
} from '../validation';

const trans = nullTranslator.load('jupyterlab_dask_clusters');

const form = (values: Partial<ISizingForm>): ISizingForm => ({
  mode: 'fixed',
  workers: '2',
  minimum: '1',
  maximum: '4',
  ...values
});

describe('parseCount', () => {
  it.each([
    ['0', 0],
    ['2', 2],
    [' 12 ', 12],
    ['3.0', 3],
    ['1e2', 100]
  ])('accepts %j', (text, value) => {
    expect(parseCount(text, 'Workers', trans)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'Workers is empty: enter a number of workers.'],
    ['   ', 'Workers is empty: enter a number of workers.'],
    ['two', 'Workers must be a number, not "two".'],
    ['0x10', 'Workers must be a number, not "0x10".'],
    ['Infinity', 'Workers must be a number, not "Infinity".'],
    ['2 workers', 'Workers must be a number, not "2 workers".'],
    ['-1', 'Workers cannot be negative.'],
    ['1.5', 'Workers must be a whole number.'],
    ['10001', 'Workers must be at most 10000.'],
    ['1e21', 'Workers must be at most 10000.']
  ])('refuses %j with one clear message', (text, message) => {
    expect(parseCount(text, 'Workers', trans)).toEqual({ ok: false, message });
  });
});

describe('parseSizing', () => {
  it('reads the worker count in fixed mode, ignoring the bounds', () => {
    expect(parseSizing(form({ minimum: 'x' }), trans)).toEqual({
      ok: true,
      value: { mode: 'fixed', workers: 2 }
    });
  });

  it('reads the bounds in adaptive mode, ignoring the count', () => {
    expect(parseSizing(form({ mode: 'adaptive', workers: '' }), trans)).toEqual(
      {
        ok: true,
        value: { mode: 'adaptive', minimum: 1, maximum: 4 }
      }
    );
  });

  it('names the field that is wrong', () => {
    expect(parseSizing(form({ mode: 'adaptive', minimum: '' }), trans)).toEqual(
      {
        ok: false,
        message: 'Minimum workers is empty: enter a number of workers.'
      }
    );
    expect(
      parseSizing(form({ mode: 'adaptive', maximum: '-3' }), trans)
    ).toEqual({ ok: false, message: 'Maximum workers cannot be negative.' });
  });

  it('refuses a minimum above the maximum', () => {
    expect(
      parseSizing(form({ mode: 'adaptive', minimum: '5', maximum: '2' }), trans)
    ).toEqual({
      ok: false,
      message: 'The minimum (5) is larger than the maximum (2).'
    });
  });
});

describe('number checks', () => {
  it('check counts', () => {
    expect(checkCount(0, 'Workers', trans)).toBeNull();
    expect(checkCount(NaN, 'Workers', trans)).toBe('Workers must be a number.');
    expect(checkCount(-2, 'Workers', trans)).toBe(
      'Workers cannot be negative.'
    );
    expect(checkCount(0.5, 'Workers', trans)).toBe(
      'Workers must be a whole number.'
    );
  });

  it('check bounds', () => {
    expect(checkBounds(2, 2, trans)).toBeNull();
    expect(checkBounds(3, 1, trans)).toBe(
      'The minimum (3) is larger than the maximum (1).'
    );
    expect(checkBounds(1, Infinity, trans)).toBe(
      'Maximum workers must be a number.'
    );
  });
});

describe('parseEndpoint', () => {
  it.each([
    ['', undefined],
    ['   ', undefined],
    ['https://s3.example.org', 'https://s3.example.org'],
    [' http://127.0.0.1:5555 ', 'http://127.0.0.1:5555'],
    ['HTTPS://usgs.osn.mghpcc.org/', 'HTTPS://usgs.osn.mghpcc.org/']
  ])('accepts %j', (text, value) => {
    expect(parseEndpoint(text, trans)).toEqual({ ok: true, value });
  });

  it.each([
    'file:///etc/passwd',
    's3.example.org',
    'http:s3.example.org',
    'https://',
    'http://exa mple.org',
    'https://s3.example.org/?x=1',
    'https://s3.example.org/#top',
    'http://127.0.0.1:99999',
    'https://me:hunter2@s3.example.org'
  ])('refuses %j, without repeating it', text => {
    expect(parseEndpoint(text, trans)).toEqual({
      ok: false,
      message: 'The S3 endpoint must be an http:// or https:// URL.'
    });
  });
});
