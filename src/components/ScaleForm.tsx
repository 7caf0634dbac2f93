import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { IClusterActions, ISizingDefaults, Sizing } from '../tokens';
import type { ISizingForm } from '../tokens';
import { parseSizing } from '../validation';
import { Field, FormButton } from './controls';

export interface IScaleFormProps {
  /**
   * Where the form starts; remount the form (change its key) to start over.
   */
  defaults: ISizingDefaults;
  /**
   * Which buttons are enabled.
   */
  actions: IClusterActions;
  trans: TranslationBundle;
  /**
   * The form's values as typed, whenever they change (and when it starts).
   */
  onChange?: (form: ISizingForm) => void;
  onStart: (sizing: Sizing) => void;
  onScale: (workers: number) => void;
  onAdapt: (minimum: number, maximum: number) => void;
  onStop: () => void;
}

/**
 * The cluster's size, fixed or adaptive, and the buttons acting on it.
 *
 * Nothing is sent while the numbers are refused; the reason shows in an
 * alert under the fields.
 */
export function ScaleForm(props: IScaleFormProps): JSX.Element {
  const { defaults, actions, trans } = props;
  const modeName = React.useId();
  const [mode, setMode] = React.useState(defaults.mode);
  const [workers, setWorkers] = React.useState(String(defaults.workers));
  const [minimum, setMinimum] = React.useState(String(defaults.minimum));
  const [maximum, setMaximum] = React.useState(String(defaults.maximum));
  const [problem, setProblem] = React.useState('');
  const { onChange } = props;
  React.useEffect(() => {
    onChange?.({ mode, workers, minimum, maximum });
  }, [mode, workers, minimum, maximum]);

  const edit =
    (setter: (value: string) => void) =>
    (event: React.ChangeEvent<HTMLInputElement>) => {
      setter(event.target.value);
      setProblem('');
    };

  const parse = (): Sizing | null => {
    const parsed = parseSizing({ mode, workers, minimum, maximum }, trans);
    setProblem(parsed.ok ? '' : parsed.message);
    return parsed.ok ? parsed.value : null;
  };

  const start = () => {
    const sizing = parse();
    if (sizing) {
      props.onStart(sizing);
    }
  };

  const resize = () => {
    const sizing = parse();
    if (sizing?.mode === 'fixed') {
      props.onScale(sizing.workers);
    } else if (sizing?.mode === 'adaptive') {
      props.onAdapt(sizing.minimum, sizing.maximum);
    }
  };

  // Enter in a field does what the enabled button for this mode does.
  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') {
      return;
    }
    event.preventDefault();
    if (actions.start) {
      start();
    } else if (mode === 'fixed' ? actions.scale : actions.adapt) {
      resize();
    }
  };

  const numberInput = (
    label: string,
    value: string,
    setter: (value: string) => void
  ) => (
    <Field label={label}>
      <input
        aria-label={label}
        className="jp-mod-styled jp-DaskClusters-number"
        type="text"
        inputMode="numeric"
        value={value}
        onChange={edit(setter)}
        onKeyDown={onKeyDown}
      />
    </Field>
  );

  const radio = (value: Sizing['mode'], label: string) => (
    <label className="jp-DaskClusters-radio">
      <input
        type="radio"
        name={modeName}
        value={value}
        checked={mode === value}
        onChange={() => {
          setMode(value);
          setProblem('');
        }}
      />
      {label}
    </label>
  );

  return (
    <div className="jp-DaskClusters-form" data-testid="dask-cluster-form">
      <fieldset className="jp-DaskClusters-modes">
        <legend>{trans.__('Size')}</legend>
        {radio('fixed', trans.__('Fixed'))}
        {radio('adaptive', trans.__('Adaptive'))}
      </fieldset>
      <div className="jp-DaskClusters-fields">
        {mode === 'fixed' ? (
          numberInput(trans.__('Workers'), workers, setWorkers)
        ) : (
          <>
            {numberInput(trans.__('Minimum workers'), minimum, setMinimum)}
            {numberInput(trans.__('Maximum workers'), maximum, setMaximum)}
          </>
        )}
      </div>
      <p role="alert" className="jp-DaskClusters-formMessage">
        {problem}
      </p>
      <div className="jp-DaskClusters-buttons">
        <FormButton
          className="jp-mod-accept"
          disabled={!actions.start}
          onClick={start}
        >
          {trans.__('Start')}
        </FormButton>
        <FormButton
          className="jp-DaskClusters-neutral"
          disabled={!(actions.scale && mode === 'fixed')}
          onClick={resize}
        >
          {trans.__('Scale')}
        </FormButton>
        <FormButton
          className="jp-DaskClusters-neutral"
          disabled={!(actions.adapt && mode === 'adaptive')}
          onClick={resize}
        >
          {trans.__('Adapt')}
        </FormButton>
        <FormButton
          className="jp-mod-warn"
          disabled={!actions.stop}
          onClick={props.onStop}
        >
          {trans.__('Stop')}
        </FormButton>
      </div>
    </div>
  );
}
