import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { ISiteSummary } from '../protocol';
import { Field } from './controls';

export interface ISitePickerProps {
  sites: readonly ISiteSummary[];
  selected: string | null;
  detected: string | null;
  /**
   * True while a cluster exists: its site cannot change.
   */
  disabled: boolean;
  trans: TranslationBundle;
  onChange: (site: string) => void;
}

/**
 * The choice of the site to start a cluster on.
 */
export function SitePicker(props: ISitePickerProps): JSX.Element {
  const { sites, selected, detected, disabled, trans, onChange } = props;
  const current = sites.find(site => site.id === selected);
  return (
    <div className="jp-DaskClusters-field">
      <Field label={trans.__('Site')}>
        <select
          aria-label={trans.__('Site')}
          className="jp-mod-styled jp-DaskClusters-select"
          value={selected ?? ''}
          disabled={disabled}
          onChange={event => onChange(event.target.value)}
        >
          {sites.map(site => (
            <option
              key={site.id}
              value={site.id}
              disabled={!site.available}
              title={site.reason ?? undefined}
            >
              {site.id === detected
                ? trans.__('%1 (detected)', site.label)
                : site.label}
            </option>
          ))}
        </select>
      </Field>
      {current && !current.available && (
        <p className="jp-DaskClusters-note">
          {current.reason ??
            trans.__('%1 is not available in this kernel.', current.label)}
        </p>
      )}
    </div>
  );
}
