/**
 * Checks of what a user types into the sizing and profile forms. A refused
 * form sends nothing to the kernel.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import {
  isEndpointUrl,
  isWorkerCount,
  MAX_WORKERS,
  schedulerAddressProblem
} from './protocol';
import type { ISizingForm, Sizing } from './tokens';

export type { ISizingForm } from './tokens';

/**
 * A parsed value, or the one message that says what is wrong.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

// A plain decimal number: no hexadecimal, no "Infinity", no stray characters.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * What is wrong with `value` as a number of workers, or null: the protocol's
 * rule (`isWorkerCount`), said for the field the user typed in.
 */
export function checkCount(
  value: number,
  field: string,
  trans: TranslationBundle
): string | null {
  if (isWorkerCount(value)) {
    return null;
  }
  if (!Number.isFinite(value)) {
    return trans.__('%1 must be a number.', field);
  }
  if (value < 0) {
    return trans.__('%1 cannot be negative.', field);
  }
  if (!Number.isInteger(value)) {
    return trans.__('%1 must be a whole number.', field);
  }
  return trans.__('%1 must be at most %2.', field, MAX_WORKERS);
}

/**
 * What is wrong with adaptive bounds, or null.
 */
export function checkBounds(
  minimum: number,
  maximum: number,
  trans: TranslationBundle
): string | null {
  return (
    checkCount(minimum, trans.__('Minimum workers'), trans) ??
    checkCount(maximum, trans.__('Maximum workers'), trans) ??
    (minimum > maximum
      ? trans.__(
          'The minimum (%1) is larger than the maximum (%2).',
          minimum,
          maximum
        )
      : null)
  );
}

/**
 * What is wrong with `sizing`, or null.
 */
export function checkSizing(
  sizing: Sizing,
  trans: TranslationBundle
): string | null {
  return sizing.mode === 'fixed'
    ? checkCount(sizing.workers, trans.__('Workers'), trans)
    : checkBounds(sizing.minimum, sizing.maximum, trans);
}

/**
 * Parse the text of a number-of-workers field named `field`.
 */
export function parseCount(
  text: string,
  field: string,
  trans: TranslationBundle
): Parsed<number> {
  const trimmed = text.trim();
  if (trimmed === '') {
    return {
      ok: false,
      message: trans.__('%1 is empty: enter a number of workers.', field)
    };
  }
  if (!NUMBER.test(trimmed)) {
    return {
      ok: false,
      message: trans.__('%1 must be a number, not "%2".', field, trimmed)
    };
  }
  const value = Number(trimmed);
  const problem = checkCount(value, field, trans);
  return problem === null
    ? { ok: true, value }
    : { ok: false, message: problem };
}

/**
 * Parse the sizing form: the worker count in fixed mode, the bounds in
 * adaptive mode.
 */
export function parseSizing(
  form: ISizingForm,
  trans: TranslationBundle
): Parsed<Sizing> {
  if (form.mode === 'fixed') {
    const workers = parseCount(form.workers, trans.__('Workers'), trans);
    return workers.ok
      ? { ok: true, value: { mode: 'fixed', workers: workers.value } }
      : workers;
  }
  const minimum = parseCount(form.minimum, trans.__('Minimum workers'), trans);
  if (!minimum.ok) {
    return minimum;
  }
  const maximum = parseCount(form.maximum, trans.__('Maximum workers'), trans);
  if (!maximum.ok) {
    return maximum;
  }
  const problem = checkBounds(minimum.value, maximum.value, trans);
  return problem === null
    ? {
        ok: true,
        value: {
          mode: 'adaptive',
          minimum: minimum.value,
          maximum: maximum.value
        }
      }
    : { ok: false, message: problem };
}

/**
 * The sizing form checked field by field, as the user types: the size it
 * asks for, or each refused field's message (bounds in the wrong order are
 * the maximum's).
 */
export interface ISizingCheck {
  sizing: Sizing | null;
  problems: { [F in keyof Omit<ISizingForm, 'mode'>]?: string };
}

export function checkSizingForm(
  form: ISizingForm,
  trans: TranslationBundle
): ISizingCheck {
  if (form.mode === 'fixed') {
    const workers = parseCount(form.workers, trans.__('Workers'), trans);
    return workers.ok
      ? { sizing: { mode: 'fixed', workers: workers.value }, problems: {} }
      : { sizing: null, problems: { workers: workers.message } };
  }
  const parsed = parseSizing(form, trans);
  if (parsed.ok) {
    return { sizing: parsed.value, problems: {} };
  }
  const minimum = parseCount(form.minimum, trans.__('Minimum workers'), trans);
  return {
    sizing: null,
    problems: minimum.ok
      ? { maximum: parsed.message }
      : { minimum: minimum.message }
  };
}

/**
 * Parse the text of the S3 endpoint field: nothing (the profile's own
 * endpoint applies), or a plain http(s) URL, without a user name or
 * password, query or fragment, as the agent requires.
 */
export function parseEndpoint(
  text: string,
  trans: TranslationBundle
): Parsed<string | undefined> {
  const url = text.trim();
  return !url || isEndpointUrl(url)
    ? { ok: true, value: url || undefined }
    : {
        ok: false,
        // Not echoed: it may hold a password.
        message: trans.__('The S3 endpoint must be an http:// or https:// URL.')
      };
}

/**
 * Parse the text of the scheduler address field (`host:port`,
 * `tcp://host:port`, `tls://…`): the protocol's rule, in words for the user;
 * the value is the address with its scheme.
 */
export function parseSchedulerAddress(
  text: string,
  trans: TranslationBundle
): Parsed<string> {
  // What Client() accepts: `host:port` is `tcp://host:port`.
  const typed = text.trim();
  const address = !typed || typed.includes('://') ? typed : `tcp://${typed}`;
  const messages = {
    empty: trans.__('Enter a scheduler address.'),
    spaces: trans.__('A scheduler address has no spaces.'),
    scheme: trans.__(
      'A scheduler address is host:port, or starts with tcp:// or tls://.'
    ),
    form: trans.__('A scheduler address is only a host and a port.'),
    host: trans.__('The scheduler address has no host.'),
    port: trans.__('The scheduler address needs a port from 1 to 65535.')
  };
  const problem = schedulerAddressProblem(address);
  return problem === null
    ? { ok: true, value: address }
    : { ok: false, message: messages[problem] };
}
