/**
 * Small JupyterLab dialogs for the commands: a few fields, checked by the
 * panel's own rules (`validation.ts`); a refused entry reopens the dialog
 * with the reason, and nothing is sent.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import type { Parsed } from '../validation';

/**
 * One field: a text input, or a choice when `choices` is given.
 */
export interface IField {
  label: string;
  value: string;
  choices?: readonly string[];
}

/**
 * The fields, and the reason the last entry was refused.
 */
class FieldsBody extends Widget implements Dialog.IBodyWidget<string[]> {
  constructor(fields: readonly IField[], problem: string) {
    super();
    this.addClass('jp-DaskClusters-dialog');
    for (const field of fields) {
      const label = document.createElement('label');
      label.className = 'jp-DaskClusters-label';
      label.textContent = field.label;
      const input = document.createElement(field.choices ? 'select' : 'input');
      input.className = 'jp-mod-styled';
      input.setAttribute('aria-label', field.label);
      for (const choice of field.choices ?? []) {
        input.appendChild(new Option(choice, choice));
      }
      input.value = field.value;
      label.appendChild(input);
      this.node.appendChild(label);
      this._inputs.push(input);
    }
    const alert = document.createElement('p');
    alert.setAttribute('role', 'alert');
    alert.className = 'jp-DaskClusters-formMessage';
    alert.textContent = problem;
    this.node.appendChild(alert);
  }

  getValue(): string[] {
    return this._inputs.map(input => input.value);
  }

  private _inputs: (HTMLInputElement | HTMLSelectElement)[] = [];
}

/**
 * Ask for `fields` until `parse` accepts them; null when cancelled.
 */
export async function askFields<T>(options: {
  title: string;
  accept: string;
  fields: readonly IField[];
  parse: (values: string[]) => Parsed<T>;
  trans: TranslationBundle;
}): Promise<T | null> {
  const { title, accept, parse, trans } = options;
  let fields = options.fields;
  let problem = '';
  for (;;) {
    const result = await showDialog({
      title,
      body: new FieldsBody(fields, problem),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.okButton({ label: accept })
      ],
      focusNodeSelector: 'input, select'
    });
    if (!result.button.accept || !result.value) {
      return null;
    }
    const values = result.value;
    const parsed = parse(values);
    if (parsed.ok) {
      return parsed.value;
    }
    problem = parsed.message;
    fields = fields.map((field, i) => ({ ...field, value: values[i] }));
  }
}

/**
 * Ask to go on with something that cannot be undone.
 */
export async function confirm(options: {
  title: string;
  body: string;
  accept: string;
  trans: TranslationBundle;
}): Promise<boolean> {
  const result = await showDialog({
    title: options.title,
    body: options.body,
    buttons: [
      Dialog.cancelButton({ label: options.trans.__('Cancel') }),
      Dialog.warnButton({ label: options.accept })
    ]
  });
  return result.button.accept;
}
