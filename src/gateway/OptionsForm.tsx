import type { TranslationBundle } from '@jupyterlab/translation';
import type { JSONObject, JSONValue } from '@lumino/coreutils';
import * as React from 'react';

import { Field, FormButton } from '../components/controls';
import type { IGatewayOption } from '../protocol';

export interface IGatewayOptionsFormProps {
  options: readonly IGatewayOption[];
  values: JSONObject;
  disabled: boolean;
  trans: TranslationBundle;
  onChange: (name: string, value: JSONValue) => void;
}

/**
 * The gateway's own cluster options, built from its description: a select
 * is a dropdown, numbers are bounded inputs, a bool a checkbox, a string a
 * text field, a mapping key/value rows. Values are checked by the gateway
 * (through the kernel) when Start sends them.
 */
export function GatewayOptionsForm(
  props: IGatewayOptionsFormProps
): JSX.Element {
  const { options, values, disabled, trans, onChange } = props;
  return (
    <fieldset
      className="jp-DaskClusters-gatewayOptions"
      data-testid="dask-gateway-options"
      disabled={disabled}
    >
      <legend>{trans.__('Gateway options')}</legend>
      {options.map(option => (
        <OptionField
          key={option.name}
          option={option}
          value={values[option.name] ?? option.default}
          trans={trans}
          onChange={value => onChange(option.name, value)}
        />
      ))}
    </fieldset>
  );
}

function OptionField(props: {
  option: IGatewayOption;
  value: JSONValue;
  trans: TranslationBundle;
  onChange: (value: JSONValue) => void;
}): JSX.Element {
  const { option, value, trans, onChange } = props;
  const label = option.label;
  switch (option.type) {
    case 'bool':
      return (
        <label className="jp-DaskClusters-radio">
          <input
            type="checkbox"
            aria-label={label}
            checked={value === true}
            onChange={event => onChange(event.target.checked)}
          />
          {label}
        </label>
      );
    case 'mapping':
      return (
        <MappingField
          label={label}
          value={value}
          trans={trans}
          onChange={onChange}
        />
      );
  }
  let input: JSX.Element;
  if (option.type === 'select') {
    input = (
      <select
        aria-label={label}
        className="jp-mod-styled jp-DaskClusters-select"
        value={String(value)}
        onChange={event => onChange(event.target.value)}
      >
        {(option.choices ?? []).map(choice => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    );
  } else if (option.type === 'string') {
    input = (
      <input
        aria-label={label}
        className="jp-mod-styled jp-DaskClusters-input"
        type="text"
        value={String(value ?? '')}
        onChange={event => onChange(event.target.value)}
      />
    );
  } else {
    input = <NumberField option={option} value={value} onChange={onChange} />;
  }
  return <Field label={label}>{input}</Field>;
}

/**
 * A number within the option's bounds. What is typed is kept as typed while
 * it is not a number, so that the gateway's own message says what is wrong.
 */
function NumberField(props: {
  option: IGatewayOption;
  value: JSONValue;
  onChange: (value: JSONValue) => void;
}): JSX.Element {
  const { option, value, onChange } = props;
  const [text, setText] = React.useState(String(value ?? ''));
  return (
    <input
      aria-label={option.label}
      className="jp-mod-styled jp-DaskClusters-number"
      type="number"
      min={option.min ?? undefined}
      max={option.max ?? undefined}
      step={option.type === 'integer' ? 1 : 'any'}
      value={text}
      onChange={event => {
        const typed = event.target.value;
        const number = Number(typed);
        setText(typed);
        onChange(
          typed.trim() !== '' && Number.isFinite(number) ? number : typed
        );
      }}
    />
  );
}

/**
 * Key/value rows; rows without a key are not sent.
 */
function MappingField(props: {
  label: string;
  value: JSONValue;
  trans: TranslationBundle;
  onChange: (value: JSONValue) => void;
}): JSX.Element {
  const { label, trans, onChange } = props;
  const initial =
    props.value &&
    typeof props.value === 'object' &&
    !Array.isArray(props.value)
      ? Object.entries(props.value).map(([k, v]) => [k, String(v)])
      : [];
  const [rows, setRows] = React.useState<string[][]>(initial);
  const update = (next: string[][]) => {
    setRows(next);
    const mapping: JSONObject = {};
    for (const [key, text] of next) {
      if (key.trim() !== '') {
        mapping[key] = text;
      }
    }
    onChange(mapping);
  };
  const edit = (index: number, column: number, text: string) =>
    update(
      rows.map((row, i) =>
        i === index ? row.map((cell, c) => (c === column ? text : cell)) : row
      )
    );
  return (
    <div className="jp-DaskClusters-mapping" role="group" aria-label={label}>
      <span className="jp-DaskClusters-label">{label}</span>
      {rows.map(([key, text], index) => (
        <div className="jp-DaskClusters-mappingRow" key={index}>
          <input
            aria-label={trans.__('%1 name %2', label, index + 1)}
            className="jp-mod-styled jp-DaskClusters-input"
            value={key}
            placeholder={trans.__('Name')}
            onChange={event => edit(index, 0, event.target.value)}
          />
          <input
            aria-label={trans.__('%1 value %2', label, index + 1)}
            className="jp-mod-styled jp-DaskClusters-input"
            value={text}
            placeholder={trans.__('Value')}
            onChange={event => edit(index, 1, event.target.value)}
          />
          <FormButton
            className="jp-DaskClusters-neutral"
            aria-label={trans.__('Remove %1', key)}
            onClick={() => update(rows.filter((_, i) => i !== index))}
          >
            ×
          </FormButton>
        </div>
      ))}
      <FormButton
        className="jp-DaskClusters-neutral"
        onClick={() => update([...rows, ['', '']])}
      >
        {trans.__('Add a variable')}
      </FormButton>
    </div>
  );
}
