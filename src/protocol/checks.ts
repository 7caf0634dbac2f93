/**
 * The checking combinators the protocol's validators are written with, once.
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

export const isString: Check = value => typeof value === 'string';

export const isName: Check = value =>
  typeof value === 'string' && value.length > 0;

/**
 * A non-negative integer (booleans are not numbers here).
 */
export const isCount: Check = value =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

export const isNumberOrNull = nullable(
  value => typeof value === 'number' && Number.isFinite(value)
);

export const isJSONValue: Check = value =>
  value === null ||
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value)) ||
  isJSONList(value) ||
  isJSONObject(value);

const isJSONList = listOf(isJSONValue);

export const isJSONObject = dictOf(isJSONValue);

/**
 * An http(s) URL with a host and no whitespace, as the agent checks a
 * dashboard link (an S3 endpoint has the stricter `isEndpointUrl`).
 */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !/^https?:\/\/\S+$/i.test(value)) {
    return false;
  }
  try {
    return !!new URL(value).hostname;
  } catch {
    return false;
  }
}
