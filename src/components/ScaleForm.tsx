import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { IClusterActions, ISizingForm, Sizing } from '../tokens';
import { checkSizingForm } from '../validation';
import { Field, FormButton } from './controls';

export interface IScaleFormProps {
  /**
   * Where the form starts; remount the form (change its key) to start over.
   */
  initial: ISizingForm;
  /**
   * The running cluster's size, or null when none runs: then the primary
   * button starts one, else it applies the size typed.
   */
  current: Sizing | null;
  actions: IClusterActions;
  /**
   * Why Start cannot work on this site (its tooltip), or null.
   */
  startProblem: string | null;
  /**
   * The failure of the last start, size or stop, shown under the buttons.
   */
  error: string | null;
  /**
   * What a size would take beyond the kernel's machine, one sentence each
   * (said before a start or a new size, not of the size running).
   */
  beyond: (sizing: Sizing) => string[];
  trans: TranslationBundle;
  /**
   * The form's values as typed, whenever they change (and when it starts).
   */
  onChange: (form: ISizingForm) => void;
  /**
   * The user typed: an error about the form no longer applies.
   */
  onEdit: () => void;
  onStart: (sizing: Sizing) => void;
  onResize: (sizing: Sizing) => void;
  onStop: () => void;
}

const same = (a: Sizing, b: Sizing | null): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * The cluster's size, fixed or adaptive, checked while it is typed; one
 * primary button that says what it does ("Start", "Apply size"), and Stop
 * apart from it.
 */
export function ScaleForm(props: IScaleFormProps): JSX.Element {
  const { initial, current, actions, trans } = props;
  const id = React.useId();
  const [form, setForm] = React.useState(initial);
  const { onChange } = props;
  React.useEffect(() => onChange(form), [form]);
  const { sizing, problems } = checkSizingForm(form, trans);

  const running = current !== null;
  const can = running
    ? form.mode === 'fixed'
      ? actions.scale
      : actions.adapt
    : actions.start;
  const primaryEnabled =
    can && sizing !== null && !(running && same(sizing, current));
  const act = () => {
    if (!sizing || !primaryEnabled) {
      return;
    }
    (running ? props.onResize : props.onStart)(sizing);
  };

  const edit = (change: Partial<ISizingForm>) => {
    setForm({ ...form, ...change });
    props.onEdit();
  };

  const numberInput = (
    name: 'workers' | 'minimum' | 'maximum',
    label: string
  ) => {
    const problem = problems[name];
    return (
      <Field label={label}>
        <input
          aria-label={label}
          className="jp-mod-styled jp-DaskClusters-number"
          type="number"
          min={0}
          step={1}
          value={form[name]}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-${name}` : undefined}
          onChange={event => edit({ [name]: event.target.value })}
          onKeyDown={event => {
            if (event.key === 'Enter') {
              event.preventDefault();
              act();
            }
          }}
        />
      </Field>
    );
  };

  const radio = (mode: Sizing['mode'], label: string) => (
    <label className="jp-DaskClusters-radio">
      <input
        type="radio"
        name={`${id}-mode`}
        value={mode}
        checked={form.mode === mode}
        onChange={() => edit({ mode })}
      />
      {label}
    </label>
  );

  const messages = (['workers', 'minimum', 'maximum'] as const).filter(
    name => problems[name]
  );
  const title = running ? null : props.startProblem;
  return (
    <div className="jp-DaskClusters-form" data-testid="dask-cluster-form">
      <fieldset className="jp-DaskClusters-modes">
        <legend>{trans.__('Size')}</legend>
        {radio('fixed', trans.__('Fixed'))}
        {radio('adaptive', trans.__('Adaptive'))}
      </fieldset>
      <div className="jp-DaskClusters-fields">
        {form.mode === 'fixed' ? (
          numberInput('workers', trans.__('Workers'))
        ) : (
          <>
            {numberInput('minimum', trans.__('Minimum workers'))}
            {numberInput('maximum', trans.__('Maximum workers'))}
          </>
        )}
      </div>
      {messages.map(name => (
        <p
          key={name}
          id={`${id}-${name}`}
          className="jp-DaskClusters-formMessage"
        >
          {problems[name]}
        </p>
      ))}
      {sizing &&
        !(running && same(sizing, current)) &&
        props.beyond(sizing).map(text => (
          <p
            key={text}
            className="jp-DaskClusters-note"
            data-testid="dask-size-warning"
          >
            {text}
          </p>
        ))}
      <div className="jp-DaskClusters-buttons">
        <FormButton
          className="jp-mod-accept"
          disabled={!primaryEnabled}
          title={title ?? undefined}
          onClick={act}
        >
          {running ? trans.__('Apply size') : trans.__('Start')}
        </FormButton>
      </div>
      {props.error && (
        <p
          role="alert"
          className="jp-DaskClusters-error"
          data-testid="dask-action-error"
        >
          {props.error}
        </p>
      )}
      <div className="jp-DaskClusters-buttons jp-DaskClusters-stopRow">
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
