import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { parseSchedulerAddress } from '../validation';
import { Field, FormButton } from './controls';

export interface IConnectFormProps {
  disabled: boolean;
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
  const label = trans.__('Scheduler address');

  const connect = () => {
    const parsed = parseSchedulerAddress(address, trans);
    setProblem(parsed.ok ? '' : parsed.message);
    if (parsed.ok) {
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
          placeholder="tcp://10.0.0.5:8786"
          spellCheck={false}
          value={address}
          onChange={event => {
            setAddress(event.target.value);
            setProblem('');
          }}
          onKeyDown={event => {
            if (event.key === 'Enter' && !disabled) {
              event.preventDefault();
              connect();
            }
          }}
        />
      </Field>
      <p role="alert" className="jp-DaskClusters-formMessage">
        {problem}
      </p>
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
