/**
 * The messages of protocol/PROTOCOL.md (version 1), mirrored by the Python
 * agent in jupyterlab_dask_clusters/protocol, with strict runtime
 * validators for both directions: one file per feature's messages, the
 * checking combinators in `checks.ts`, the envelopes in `messages.ts`.
 */
export { isDict, isHttpUrl } from './checks';
export * from './agent';
export * from './cluster';
export * from './gateway';
export * from './jobqueue';
export * from './messages';
export * from './profiles';
export * from './sites';
export * from './snapshot';
