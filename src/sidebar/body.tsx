import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { hasCluster } from '../cluster';
import { ClusterStatus } from '../components/ClusterStatus';
import { EmptyState } from '../components/EmptyState';
import { ProfilePicker } from '../components/ProfilePicker';
import { ScaleForm } from '../components/ScaleForm';
import { SitePicker } from '../components/SitePicker';
import { JobqueueOptions } from '../jobqueue/JobqueueOptions';
import { JobsList } from '../jobqueue/JobsList';
import type { IDaskClusters } from '../tokens';
import { loadTranslations } from '../translation';

/**
 * The sidebar's content: a view of the model, re-rendered when it changes.
 */
export class DaskClustersBody extends ReactWidget {
  constructor(options: DaskClustersBody.IOptions) {
    super();
    this._model = options.model;
    this._trans = loadTranslations(options.translator);
    this.addClass('jp-DaskClusters');
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this._model.changed}>
        {() => <DaskClustersView model={this._model} trans={this._trans} />}
      </UseSignal>
    );
  }

  private _model: IDaskClusters;
  private _trans: TranslationBundle;
}

export namespace DaskClustersBody {
  export interface IOptions {
    model: IDaskClusters;
    translator?: ITranslator;
  }
}

function DaskClustersView(props: {
  model: IDaskClusters;
  trans: TranslationBundle;
}): JSX.Element {
  const { model, trans } = props;
  return (
    <>
      <header className="jp-DaskClusters-header">
        <h2 className="jp-DaskClusters-title">{trans.__('Dask Clusters')}</h2>
        {model.notebook && (
          <p className="jp-DaskClusters-notebook">
            {trans.__('In the kernel of %1', model.notebook.title.label)}
          </p>
        )}
      </header>
      <div className="jp-DaskClusters-content">
        <DaskClustersContent model={model} trans={trans} />
      </div>
    </>
  );
}

function DaskClustersContent(props: {
  model: IDaskClusters;
  trans: TranslationBundle;
}): JSX.Element {
  const { model, trans } = props;
  switch (model.status) {
    case 'no-notebook':
      return (
        <EmptyState
          message={trans.__(
            'Open a notebook to start a Dask cluster in its kernel.'
          )}
        />
      );
    case 'unavailable':
      return (
        <EmptyState
          message={
            model.statusMessage ??
            trans.__('The Dask clusters agent is not available.')
          }
          action={
            model.connection
              ? {
                  label: trans.__('Retry'),
                  onClick: () => model.connection?.reconnect()
                }
              : undefined
          }
        />
      );
    case 'connecting':
      return (
        <>
          <p className="jp-DaskClusters-note">
            {trans.__("Connecting to the notebook's kernel…")}
          </p>
          <ClusterStatus snapshot={null} dashboardUrl={null} trans={trans} />
        </>
      );
    case 'ready':
      break;
  }
  const selectedSite = model.selectedSite;
  const snapshot = model.snapshot;
  const status = snapshot?.status ?? 'none';
  const active = hasCluster(status);
  const phase = status === 'stopping' ? 'running' : active ? status : 'idle';
  // Start the form over, from the model's defaults, when the notebook, the
  // site or the cluster's phase changes.
  const formKey = `${model.notebook?.id}:${selectedSite}:${phase}`;
  // Start the profile form over when the notebook or the applied profile
  // changes, whoever changed it.
  const profiles = model.profiles;
  const applied = profiles.active;
  const profileKey = `${model.notebook?.id}:${applied?.name}:${applied?.endpoint}`;
  const jobqueueSite =
    !active &&
    selectedSite &&
    model.sites.find(site => site.id === selectedSite)?.kind === 'jobqueue'
      ? selectedSite
      : null;
  return (
    <>
      <SitePicker
        sites={model.sites}
        selected={selectedSite}
        detected={model.detectedSite}
        disabled={active || model.busy}
        trans={trans}
        onChange={site => model.selectSite(site)}
      />
      {jobqueueSite && (
        <JobqueueOptions
          state={model.jobqueue.state(jobqueueSite)}
          trans={trans}
          onLoad={() => model.jobqueue.loadOnce(jobqueueSite)}
          onEdit={(name, value) =>
            model.jobqueue.edit(jobqueueSite, name, value)
          }
          onPreview={() => void model.jobqueue.preview(jobqueueSite)}
        />
      )}
      <ClusterStatus
        snapshot={snapshot}
        dashboardUrl={model.dashboardUrl}
        trans={trans}
      />
      {snapshot?.jobs && <JobsList jobs={snapshot.jobs} trans={trans} />}
      <ScaleForm
        key={formKey}
        defaults={model.sizingDefaults}
        actions={model.actions}
        trans={trans}
        onStart={sizing => {
          if (selectedSite) {
            void model.start(selectedSite, sizing);
          }
        }}
        onScale={workers => void model.scale(workers)}
        onAdapt={(minimum, maximum) => void model.adapt(minimum, maximum)}
        onStop={() => void model.stop()}
      />
      {model.error && <p className="jp-DaskClusters-error">{model.error}</p>}
      <ProfilePicker
        key={profileKey}
        profiles={profiles}
        trans={trans}
        onApply={(name, endpoint) => void model.useProfile(name, endpoint)}
        onClear={() => void model.clearProfile()}
        onReload={() => void model.reloadProfiles()}
      />
    </>
  );
}
