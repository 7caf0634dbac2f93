/**
 * The AWS profiles' messages: what the browser may know of a profile (never
 * a secret), the `profiles` result, and the one rule for an S3 endpoint.
 */
import { listOf, nullable, object, oneOf } from './checks';
import type { Guard } from './checks';
import { isString } from './values';

export type ProfileSource = 'credentials' | 'config' | 'both';

/**
 * What the browser may know of an AWS profile: never a secret.
 */
export interface IProfileSummary {
  name: string;
  source: ProfileSource;
  endpoint: string | null;
  region: string | null;
  key_id: string | null;
}

/**
 * The user's S3 endpoint (an http(s) URL) for some AWS profiles, by name.
 */
export type ProfileEndpoints = { [profile: string]: string };

export interface IProfiles {
  profiles: IProfileSummary[];
  active: string | null;
  error: string | null;
}

/**
 * The longest S3 endpoint URL accepted.
 */
export const MAX_ENDPOINT = 2048;

/**
 * An S3 endpoint: a plain http(s) URL with a host; no user name or password,
 * query, fragment, whitespace or control character. The one rule for an
 * endpoint, typed or from the settings (the agent's `endpoint_problem`, in
 * protocol/profiles.py, is the same).
 */
export function isEndpointUrl(value: unknown): value is string {
  if (
    typeof value !== 'string' ||
    value.length > MAX_ENDPOINT ||
    // eslint-disable-next-line no-control-regex
    /[\s\x00-\x1f\x7f@?#]/.test(value) ||
    !/^https?:\/\//i.test(value)
  ) {
    return false;
  }
  try {
    // Throws for a bad port or host; an http(s) URL that parses has a host.
    return !!new URL(value).hostname;
  } catch {
    return false;
  }
}

/**
 * Whether `value` is what the browser may know of an AWS profile.
 */
export const isProfileSummary = object({
  name: isString,
  source: oneOf('credentials', 'config', 'both'),
  endpoint: nullable(isString),
  region: nullable(isString),
  key_id: nullable(isString)
}) as Guard<IProfileSummary>;

export const isProfiles = object({
  profiles: listOf(isProfileSummary),
  active: nullable(isString),
  error: nullable(isString)
}) as Guard<IProfiles>;
