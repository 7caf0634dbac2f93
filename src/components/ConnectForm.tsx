import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { parseSchedulerAddress } from '../validation';
import { Field, FormButton } from './controls';

export interface IConnectFormProps {
  disabled: boolean;
  /**
   * Whether a request is waiting for the kernel (this form's, once sent).
   */
  busy: boolean;
  /**
   * Why the last try failed, in one sentence about the address.
   */
  error: string | null;
  /**
   * The user edited the address: the failure no longer applies.
   */
  onEdit: () => void;
  trans: TranslationBundle;
  onConnect: (address: string) => void;
}

/**
 * "Connect to a scheduler": a running scheduler's address, checked before
 * anything is sent; the kernel binds `client` to it.
 */
export function ConnectForm(props: IConnectFormProps): JSX.Element {
  const { disabled, trans } = props;
  const [address, setAddress] = React.useState('');
  const [problem, setProblem] = React.useState('');
  const [sent, setSent] = React.useState('');
  const label = trans.__('Scheduler address');
  const messageId = React.useId();

  const connect = () => {
    const parsed = parseSchedulerAddress(address, trans);
    setProblem(parsed.ok ? '' : parsed.message);
    if (parsed.ok) {
      setSent(parsed.value);
      props.onConnect(parsed.value);
    }
  };

  return (
    <details className="jp-DaskClusters-connect" data-testid="dask-connect">
      <summary>{trans.__('Connect to a scheduler')}</summary>
      <Field label={label}>
        <input
          aria-label={label}
          className="jp-mod-styled jp-DaskClusters-input"
          type="text"
          placeholder="localhost:8786"
          spellCheck={false}
          value={address}
          aria-invalid={problem || props.error ? true : undefined}
          aria-describedby={problem || props.error ? messageId : undefined}
          onChange={event => {
            setAddress(event.target.value);
            setProblem('');
            props.onEdit();
          }}
          onKeyDown={event => {
            if (event.key === 'Enter' && !disabled) {
              event.preventDefault();
              connect();
            }
          }}
        />
      </Field>
      {problem && (
        <p id={messageId} role="alert" className="jp-DaskClusters-formMessage">
          {problem}
        </p>
      )}
      {!problem && props.error && (
        <p
          id={messageId}
          role="alert"
          className="jp-DaskClusters-error"
          data-testid="dask-action-error"
        >
          {props.error}
        </p>
      )}
      {props.busy && sent && (
        <p
          className="jp-DaskClusters-note"
          role="status"
          data-testid="dask-connect-progress"
        >
          {trans.__('Trying %1…', sent)}
        </p>
      )}
      <div className="jp-DaskClusters-buttons">
        <FormButton
          className="jp-DaskClusters-neutral"
          disabled={disabled}
          onClick={connect}
        >
          {trans.__('Connect')}
        </FormButton>
      </div>
    </details>
  );
}
