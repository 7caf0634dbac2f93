import type { TranslationBundle } from '@jupyterlab/translation';
import { HTMLSelect } from '@jupyterlab/ui-components';
import * as React from 'react';

import { appliedTo } from '../profiles/reach';
import { Fact, SectionHeader } from './controls';
import type { IProfilesState } from '../tokens';
import { parseEndpoint } from '../validation';

export interface IProfilePickerProps {
  /**
   * The kernel's profiles; remount the picker (change its key) to start over
   * from the active profile.
   */
  profiles: IProfilesState;
  /**
   * Whether the user folded the section (its title unfolds it).
   */
  folded: boolean;
  trans: TranslationBundle;
  onToggle: () => void;
  onApply: (name: string, endpoint?: string) => void;
  onClear: () => void;
  onReload: () => void;
}

/**
 * The AWS profile applied in the kernel, and the choice of another one.
 *
 * It shows what the kernel lists of a profile (endpoint, region, masked key
 * id) and asks for nothing secret. A typed endpoint that is not an http(s)
 * URL is refused in an alert, and nothing is sent. No AWS files at all is
 * the normal state of many users: a neutral hint, not an error.
 */
export function ProfilePicker(props: IProfilePickerProps): JSX.Element {
  const { profiles, folded, trans } = props;
  const { active, busy, list } = profiles;
  const title = trans.__('AWS profile');
  const [name, setName] = React.useState(active?.name ?? '');
  const [endpoint, setEndpoint] = React.useState('');
  const [problem, setProblem] = React.useState('');
  // The kernel's summary of the applied profile says what it applied.
  const chosen =
    active?.name === name ? active : list.find(p => p.name === name);
  const none = profiles.listed && !list.length && !active && !profiles.error;

  const apply = () => {
    const parsed = parseEndpoint(endpoint, trans);
    setProblem(parsed.ok ? '' : parsed.message);
    if (parsed.ok && chosen) {
      props.onApply(chosen.name, parsed.value);
    }
  };

  const content = none ? (
    <p className="jp-DaskClusters-hint" data-testid="dask-profiles-hint">
      {trans.__(
        'No AWS profiles found. Add one to ~/.aws/credentials to give your workers S3 access.'
      )}
    </p>
  ) : (
    <>
      <dl className="jp-DaskClusters-facts">
        <Fact term={trans.__('Active')} data-testid="dask-active-profile">
          {active?.name ?? trans.__('none')}
        </Fact>
      </dl>
      {active && (
        <p className="jp-DaskClusters-note" data-testid="dask-profile-reach">
          {appliedTo(profiles.workers, trans)}
        </p>
      )}
      <HTMLSelect
        aria-label={title}
        title={chosen?.name}
        value={chosen ? name : ''}
        disabled={busy}
        onChange={event => {
          setName(event.target.value);
          setProblem('');
        }}
        options={[
          { value: '', label: trans.__('Choose a profile') },
          ...list.map(profile => ({ value: profile.name, label: profile.name }))
        ]}
      />
      {chosen && (
        <dl
          className="jp-DaskClusters-facts"
          data-testid="dask-profile-details"
        >
          <Fact term={trans.__('Endpoint')}>
            {chosen.endpoint ?? trans.__('AWS default')}
          </Fact>
          <Fact term={trans.__('Region')}>
            {chosen.region ?? trans.__('not set')}
          </Fact>
          <Fact term={trans.__('Key ID')}>
            {chosen.key_id ?? trans.__('none')}
          </Fact>
        </dl>
      )}
      <label className="jp-DaskClusters-label">
        <span>{trans.__('Other S3 endpoint (optional)')}</span>
        <input
          aria-label={trans.__('S3 endpoint')}
          className="jp-mod-styled jp-DaskClusters-input"
          type="url"
          placeholder="https://…"
          value={endpoint}
          onChange={event => {
            setEndpoint(event.target.value);
            setProblem('');
          }}
        />
      </label>
      <p role="alert" className="jp-DaskClusters-formMessage">
        {problem || profiles.error}
      </p>
      <div className="jp-DaskClusters-buttons">
        <button
          type="submit"
          className="jp-mod-styled jp-mod-accept"
          disabled={busy || !chosen}
        >
          {trans.__('Apply')}
        </button>
        <button
          type="button"
          className="jp-mod-styled jp-DaskClusters-neutral"
          disabled={busy || !active}
          onClick={props.onClear}
        >
          {trans.__('Clear')}
        </button>
      </div>
    </>
  );

  return (
    <form
      className="jp-DaskClusters-profiles"
      data-testid="dask-profiles"
      // The endpoint is checked as the agent checks it, not as the browser does.
      noValidate
      onSubmit={event => {
        // Enter in the endpoint field applies, unless Apply is disabled.
        event.preventDefault();
        apply();
      }}
    >
      <SectionHeader
        title={title}
        reloadLabel={trans.__('Reload profiles')}
        disabled={busy}
        onReload={props.onReload}
        expanded={!folded}
        onToggle={props.onToggle}
      />
      {!folded && content}
    </form>
  );
}
