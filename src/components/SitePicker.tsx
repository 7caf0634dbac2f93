import type { TranslationBundle } from '@jupyterlab/translation';
import { HTMLSelect } from '@jupyterlab/ui-components';
import * as React from 'react';

import { pickerOrder } from '../cluster/availability';
import type { ISiteSummary } from '../protocol';

export interface ISitePickerProps {
  sites: readonly ISiteSummary[];
  selected: string | null;
  detected: string | null;
  /**
   * Why a start cannot work on the selected site, or null.
   */
  problem: string | null;
  /**
   * True while a cluster exists: its site cannot change.
   */
  disabled: boolean;
  trans: TranslationBundle;
  onChange: (site: string) => void;
}

/**
 * The choice of the site to start a cluster on: JupyterLab's select, the
 * detected site first; a badge says which is detected or unavailable, and a
 * neutral line why a start cannot work there.
 */
export function SitePicker(props: ISitePickerProps): JSX.Element {
  const { sites, selected, detected, problem, disabled, trans } = props;
  const id = React.useId();
  const current = sites.find(site => site.id === selected);
  const ordered = pickerOrder(sites, detected);
  const option = (site: ISiteSummary) => (
    <option key={site.id} value={site.id}>
      {site.label}
    </option>
  );
  const unavailable = ordered.filter(site => !site.available);
  const badge = !current
    ? null
    : !current.available
      ? trans.__('unavailable')
      : current.id === detected
        ? trans.__('detected')
        : null;
  return (
    <div className="jp-DaskClusters-field jp-DaskClusters-site">
      <div className="jp-DaskClusters-siteLabel">
        <label htmlFor={id}>{trans.__('Site')}</label>
        {badge && (
          <span
            className={`jp-DaskClusters-badge${current?.available ? '' : ' jp-mod-unavailable'}`}
            data-testid="dask-site-badge"
          >
            {badge}
          </span>
        )}
      </div>
      <HTMLSelect
        id={id}
        aria-label={trans.__('Site')}
        className="jp-DaskClusters-siteSelect"
        value={selected ?? ''}
        disabled={disabled}
        aria-describedby={problem ? `${id}-reason` : undefined}
        onChange={event => props.onChange(event.target.value)}
      >
        {ordered.filter(site => site.available).map(option)}
        {unavailable.length > 0 && (
          <optgroup label={trans.__('Not available in this kernel')}>
            {unavailable.map(option)}
          </optgroup>
        )}
      </HTMLSelect>
      {problem && (
        <p
          id={`${id}-reason`}
          className="jp-DaskClusters-note"
          data-testid="dask-site-reason"
        >
          {problem}
        </p>
      )}
    </div>
  );
}
