/**
 * The checks of plain values (strings, counts, JSON, URLs) that the
 * protocol's validators combine.
 */
import { dictOf, listOf, nullable } from './checks';
import type { Check } from './checks';

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
