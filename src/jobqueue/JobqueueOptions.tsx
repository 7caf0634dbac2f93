import type { TranslationBundle } from '@jupyterlab/translation';
import type { JSONValue } from '@lumino/coreutils';
import * as React from 'react';

import { Field, FormButton } from '../components/controls';
import type { OptionSource } from '../protocol';
import type { IJobqueueState } from './model';

export interface IJobqueueOptionsProps {
  state: IJobqueueState;
  trans: TranslationBundle;
  /**
   * Called on every render: the owner loads the options once per greeting.
   */
  onLoad: () => void;
  onEdit: (name: string, value: JSONValue | undefined) => void;
  onPreview: () => void;
}

/**
 * The sbatch flags option: a list, one flag per line.
 */
const DIRECTIVES = 'job_extra_directives';

function labels(trans: TranslationBundle): { [name: string]: string } {
  return {
    account: trans.__('Account'),
    queue: trans.__('Queue / partition'),
    cores: trans.__('Cores per job'),
    processes: trans.__('Processes per job'),
    memory: trans.__('Memory per job'),
    walltime: trans.__('Walltime'),
    interface: trans.__('Network interface'),
    [DIRECTIVES]: trans.__('Extra directives (one per line)')
  };
}

function sourceWord(
  source: OptionSource | undefined,
  trans: TranslationBundle
): string | null {
  switch (source) {
    case 'dask config':
      return trans.__('from dask config');
    case 'request':
      return trans.__('typed');
    case 'unset':
      return trans.__('not set');
    default:
      return null;
  }
}

function asText(value: JSONValue | undefined): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (Array.isArray(value)) {
    return value.map(item => String(item)).join('\n');
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * The typed text as the option's value: numbers stay numbers, directives a
 * list; an empty field is null, which means "the site's value" to the kernel.
 */
function fromText(name: string, text: string, shown: JSONValue): JSONValue {
  if (name === DIRECTIVES || Array.isArray(shown)) {
    return text
      .split('\n')
      .map(line => line.trim())
      .filter(line => line);
  }
  if (text.trim() === '') {
    return null;
  }
  const number = Number(text);
  return typeof shown === 'number' && Number.isFinite(number) ? number : text;
}

/**
 * A job-queue site's options as a start would use them, each editable, and
 * the job script a start would submit.
 */
export function JobqueueOptions(props: IJobqueueOptionsProps): JSX.Element {
  const { state, trans, onLoad, onEdit } = props;
  React.useEffect(onLoad);
  const names = labels(trans);
  const options = state.options;
  return (
    <section
      className="jp-DaskClusters-jobqueue"
      aria-label={trans.__('Job options')}
      data-testid="dask-jobqueue-options"
    >
      <h3 className="jp-DaskClusters-title">{trans.__('Job options')}</h3>
      {!options && (
        <p className="jp-DaskClusters-note">
          {state.loading ? trans.__('Reading the options…') : state.error}
        </p>
      )}
      {options &&
        Object.entries(options.options).map(([name, value]) => {
          const label = names[name] ?? name;
          const edited = name in state.edits;
          const source = edited ? undefined : options.sources[name];
          const hint = sourceWord(source, trans);
          const missing = options.missing.includes(name) && !edited;
          const common = {
            'aria-label': label,
            className: 'jp-mod-styled jp-DaskClusters-input',
            value: asText(edited ? state.edits[name] : value),
            placeholder: missing ? trans.__('required') : asText(value),
            disabled: state.busy,
            onChange: (
              event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>
            ) => onEdit(name, fromText(name, event.target.value, value))
          };
          const multiline = name === DIRECTIVES || Array.isArray(value);
          const structured =
            typeof value === 'object' && value !== null && !multiline;
          return (
            <Field
              key={name}
              label={
                <>
                  {label}
                  {hint && (
                    <em className="jp-DaskClusters-optionSource">{` (${hint})`}</em>
                  )}
                </>
              }
            >
              {multiline ? (
                <textarea rows={2} {...common} />
              ) : (
                <input
                  type="text"
                  {...common}
                  readOnly={structured}
                  aria-invalid={missing || undefined}
                />
              )}
            </Field>
          );
        })}
      <div className="jp-DaskClusters-buttons">
        <FormButton
          className="jp-DaskClusters-neutral"
          disabled={state.busy || !options}
          onClick={props.onPreview}
        >
          {trans.__('Preview job script')}
        </FormButton>
      </div>
      {state.script !== null && (
        <pre
          className="jp-DaskClusters-jobScript"
          data-testid="dask-job-script"
          aria-label={trans.__('Job script')}
        >
          {state.script}
        </pre>
      )}
    </section>
  );
}
