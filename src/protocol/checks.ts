/**
 * The checking combinators the protocol's validators are written with, once
 * (the checks of plain values they combine are in values.ts).
 *
 * The validators accept exactly the documented keys: a message with an extra
 * key is refused, so that nothing unexpected (a secret above all) travels
 * through the browser unnoticed.
 */

/**
 * A check of one value. The validators combine checks, so that each reads
 * like the shape it checks.
 */
export type Check = (value: unknown) => boolean;

/**
 * A check that tells TypeScript what it checked: the exported validators.
 */
export type Guard<T> = (value: unknown) => value is T;

export type Dict = { [key: string]: unknown };

/**
 * Whether `value` is a plain object: not null, not an array.
 */
export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An object with all the `required` keys, some `optional` ones and no others.
 */
export function object(
  required: { [key: string]: Check },
  optional: { [key: string]: Check } = {}
): Check {
  const checks = new Map([
    ...Object.entries(optional),
    ...Object.entries(required)
  ]);
  const needed = Object.keys(required);
  return value =>
    isDict(value) &&
    needed.every(key => key in value) &&
    Object.entries(value).every(([key, item]) => !!checks.get(key)?.(item));
}

export const both =
  (...checks: Check[]): Check =>
  value =>
    checks.every(check => check(value));

export const anyOf =
  (...checks: Check[]): Check =>
  value =>
    checks.some(check => check(value));

export const nullable =
  (check: Check): Check =>
  value =>
    value === null || check(value);

export const oneOf =
  (...values: unknown[]): Check =>
  value =>
    values.includes(value);

export const listOf =
  (check: Check): Check =>
  value =>
    Array.isArray(value) && value.every(check);

export const dictOf =
  (check: Check): Check =>
  value =>
    isDict(value) && Object.values(value).every(check);
