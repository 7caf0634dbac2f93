/**
 * The messages of protocol/PROTOCOL.md (version 1), mirrored by the Python
 * agent in jupyterlab_dask_clusters/protocol, with strict runtime validators
 * for both directions: one file per feature's messages, the checking
 * combinators in `checks.ts` (the checks of plain values in `values.ts`),
 * the envelopes and op tables in `messages.ts`.
 */
export { isDict } from './checks';
export { isHttpUrl } from './values';
export * from './agent';
export * from './cluster';
export * from './gateway';
export * from './jobqueue';
export * from './messages';
export * from './profiles';
export * from './sites';
export * from './snapshot';
