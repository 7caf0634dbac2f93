/**
 * Numbers as people read them.
 */

const BYTE_UNITS = ['B', 'kiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/**
 * A byte count in binary units, as dask prints it: `8000000000` → `7.45 GiB`.
 */
export function formatBytes(bytes: number): string {
  let unit = 0;
  let value = bytes;
  // Like dask, switch to the next unit from 0.9 of it on.
  while (value >= 0.9 * 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(2)} ${BYTE_UNITS[unit]}`;
}
