import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { profileReach } from '../profiles/reach';
import { Fact, SectionHeader } from './controls';
import type { IProfilesState } from '../tokens';
import { parseEndpoint } from '../validation';

export interface IProfilePickerProps {
  /**
   * The kernel's profiles; remount the picker (change its key) to start over
   * from the active profile.
   */
  profiles: IProfilesState;
  trans: TranslationBundle;
  onApply: (name: string, endpoint?: string) => void;
  onClear: () => void;
  onReload: () => void;
}

/**
 * The AWS profile applied in the kernel, and the choice of another one.
 *
 * It shows what the kernel lists of a profile (endpoint, region, masked key
 * id) and asks for nothing secret. A typed endpoint that is not an http(s)
 * URL is refused in an alert, and nothing is sent.
 */
export function ProfilePicker(props: IProfilePickerProps): JSX.Element {
  const { profiles, trans } = props;
  const { active, busy, list } = profiles;
  const title = trans.__('AWS profile');
  const reload = trans.__('Reload profiles');
  const [name, setName] = React.useState(active?.name ?? '');
  const [endpoint, setEndpoint] = React.useState('');
  const [problem, setProblem] = React.useState('');
  // The kernel's summary of the applied profile says what it applied.
  const chosen =
    active?.name === name ? active : list.find(p => p.name === name);

  const apply = () => {
    const parsed = parseEndpoint(endpoint, trans);
    setProblem(parsed.ok ? '' : parsed.message);
    if (parsed.ok && chosen) {
      props.onApply(chosen.name, parsed.value);
    }
  };

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
        reloadLabel={reload}
        disabled={busy}
        onReload={props.onReload}
      />
      <dl className="jp-DaskClusters-facts">
        <Fact term={trans.__('Active')} data-testid="dask-active-profile">
          {active?.name ?? trans.__('none')}
        </Fact>
        {active && (
          <Fact term={trans.__('Set in')} data-testid="dask-profile-reach">
            {profileReach(profiles.workers, trans)}
          </Fact>
        )}
      </dl>
      <select
        aria-label={title}
        className="jp-mod-styled jp-DaskClusters-select"
        value={chosen ? name : ''}
        disabled={busy}
        onChange={event => {
          setName(event.target.value);
          setProblem('');
        }}
      >
        <option value="">{trans.__('Choose a profile')}</option>
        {list.map(profile => (
          <option key={profile.name} value={profile.name}>
            {profile.name}
          </option>
        ))}
      </select>
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
        <span>{trans.__('S3 endpoint (optional)')}</span>
        <input
          aria-label={trans.__('S3 endpoint')}
          className="jp-mod-styled jp-DaskClusters-input"
          type="url"
          placeholder={chosen?.endpoint ?? 'https://…'}
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
    </form>
  );
}
