import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import type { CommandRegistry } from '@lumino/commands';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import * as React from 'react';

import { beyondMachine } from '../cluster/capacity';
import { statusShown } from '../cluster/errors';
import { formOf, sizingOf } from '../cluster/form';
import { hasCluster } from '../cluster/status';
import { AgentSource } from '../components/AgentSource';
import { CommandIDs } from '../commands/ids';
import { ClusterStatus } from '../components/ClusterStatus';
import { ConnectForm } from '../components/ConnectForm';
import { OriginNote } from '../components/OriginNote';
import { ProfilePicker } from '../components/ProfilePicker';
import { ScaleForm } from '../components/ScaleForm';
import { SitePicker } from '../components/SitePicker';
import { UsageNote } from '../components/UsageNote';
import { DashboardSection } from '../dashboard/section';
import { GatewaySection } from '../gateway/section';
import { JobqueueOptions } from '../jobqueue/JobqueueOptions';
import { JobsList } from '../jobqueue/JobsList';
import type { IDaskClusters } from '../tokens';
import { loadTranslations } from '../translation';
import { PanelFocus } from './focus';
import { FoldedSections } from './sections';
import { Waiting } from './waiting';

/**
 * The sidebar's content: a view of the model, re-rendered when it changes.
 */
export class DaskClustersBody extends ReactWidget {
  constructor(options: DaskClustersBody.IOptions) {
    super();
    this._model = options.model;
    this._folded = options.folded ?? new FoldedSections(null);
    this._folded.changed.connect(() => this.update());
    this._trans = loadTranslations(options.translator);
    const commands = (this._commands = options.commands);
    // The buttons run the commands, as the palette and the menu do.
    this._run = (id, args = {}) => void commands.execute(id, args);
    this.addClass('jp-DaskClusters');
  }

  /**
   * Shown by Ctrl+Alt+D or its tab: focus moves into the panel.
   */
  protected onActivateRequest(): void {
    this._focus.enter();
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this._model.changed}>
        {() => (
          <DaskClustersView
            model={this._model}
            trans={this._trans}
            commands={this._commands}
            folded={this._folded}
            run={this._run}
            onRendered={this._focus.restore}
          />
        )}
      </UseSignal>
    );
  }

  private _model: IDaskClusters;
  private _focus = new PanelFocus(this.node);
  private _folded: FoldedSections;
  private _trans: TranslationBundle;
  private _commands: CommandRegistry;
  private _run: Run;
}

export namespace DaskClustersBody {
  export interface IOptions {
    model: IDaskClusters;
    /**
     * Where the buttons' commands are (`commands/registry.ts`).
     */
    commands: CommandRegistry;
    /**
     * The sections the user folded (`sections.ts`); by default, kept for the
     * page only.
     */
    folded?: FoldedSections;
    translator?: ITranslator;
  }
}

/**
 * The AWS profile section's name among the folded sections.
 */
const PROFILES_SECTION = 'profiles';

/**
 * Run a command of the extension.
 */
type Run = (id: string, args?: ReadonlyPartialJSONObject) => void;

interface IViewProps {
  /**
   * Called after every render (the focus may have fallen to the page).
   */
  onRendered?: () => void;
  model: IDaskClusters;
  trans: TranslationBundle;
  commands: CommandRegistry;
  folded: FoldedSections;
  run: Run;
}

function DaskClustersView(props: IViewProps): JSX.Element {
  const { model, trans } = props;
  React.useEffect(() => props.onRendered?.());
  return (
    <>
      <div className="jp-DaskClusters-header">
        <h2 className="jp-DaskClusters-title">{trans.__('Dask Clusters')}</h2>
        {model.notebook && (
          <p className="jp-DaskClusters-notebook">
            {trans.__('In the kernel of %1', model.notebook.title.label)}
          </p>
        )}
      </div>
      <div className="jp-DaskClusters-content">
        <DaskClustersContent {...props} />
      </div>
    </>
  );
}

function DaskClustersContent(props: IViewProps): JSX.Element {
  const { model, trans, commands, folded, run } = props;
  if (model.status !== 'ready') {
    return <Waiting model={model} trans={trans} commands={commands} />;
  }
  const selectedSite = model.selectedSite;
  const snapshot = model.snapshot;
  const status = statusShown(snapshot, selectedSite);
  const active = hasCluster(status);
  const running = status === 'running' || status === 'stopping';
  // Start the form over when the notebook, the site or the cluster's phase
  // changes: from the cluster's size while one runs, else from what the
  // user typed last for this site (kept after Stop), else the site's.
  const formKey = `${model.notebook?.id}:${selectedSite}:${running}`;
  const defaults = formOf(model.sizingDefaults);
  const initial = running ? defaults : (model.sizingForm ?? defaults);
  const error = model.shownError;
  // Start the profile form over when the notebook or the applied profile
  // changes, whoever changed it.
  const profiles = model.profiles;
  const applied = profiles.active;
  const profileKey = `${model.notebook?.id}:${applied?.name}:${applied?.endpoint}`;
  const shownSite = model.sites.find(site => site.id === selectedSite);
  const jobqueueSite =
    !active && shownSite?.kind === 'jobqueue' ? shownSite.id : null;
  const machine = model.connection?.hello?.machine;
  return (
    <>
      <SitePicker
        sites={model.sites}
        selected={selectedSite}
        detected={model.detectedSite}
        problem={active ? null : model.startProblem}
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
        status={status}
        dashboardUrl={model.dashboardUrl}
        trans={trans}
      />
      {status === 'running' && (
        <UsageNote
          trans={trans}
          canInsert={commands.isEnabled(CommandIDs.insertCode)}
          onInsert={() => run(CommandIDs.insertCode)}
        />
      )}
      <OriginNote snapshot={snapshot} trans={trans} />
      {status === 'running' && snapshot?.dashboard_link && (
        <DashboardSection
          url={model.dashboardUrl}
          // The snapshot says nothing of GPUs yet: their plots stay out.
          gpus={false}
          commands={commands}
          trans={trans}
        />
      )}
      {shownSite?.kind === 'gateway' && !model.startProblem && (
        <GatewaySection
          model={model}
          site={shownSite.id}
          trans={trans}
          run={run}
        />
      )}
      {snapshot?.jobs && <JobsList jobs={snapshot.jobs} trans={trans} />}
      <ScaleForm
        key={formKey}
        initial={initial}
        current={running && snapshot ? sizingOf(snapshot) : null}
        actions={model.actions}
        startProblem={model.startProblem}
        error={error?.place === 'start' ? error.message : null}
        beyond={sizing =>
          beyondMachine(sizing, shownSite?.worker_size, machine, trans)
        }
        trans={trans}
        onChange={form => {
          model.sizingForm = form;
        }}
        onEdit={() => model.dismissError('start')}
        onStart={sizing => {
          if (selectedSite) {
            run(CommandIDs.start, { site: selectedSite, ...sizing });
          }
        }}
        onResize={sizing =>
          sizing.mode === 'fixed'
            ? run(CommandIDs.scale, { workers: sizing.workers })
            : run(CommandIDs.adapt, sizing)
        }
        onStop={() => run(CommandIDs.stop)}
      />
      {!active && (
        <ConnectForm
          disabled={!model.canConnect}
          busy={model.busy}
          error={error?.place === 'connect' ? error.message : null}
          trans={trans}
          onEdit={() => model.dismissError('connect')}
          onConnect={address => run(CommandIDs.connectScheduler, { address })}
        />
      )}
      <ProfilePicker
        key={profileKey}
        profiles={profiles}
        folded={folded.isFolded(PROFILES_SECTION)}
        trans={trans}
        onToggle={() => folded.toggle(PROFILES_SECTION)}
        onApply={(name, endpoint) =>
          run(CommandIDs.applyProfile, endpoint ? { name, endpoint } : { name })
        }
        onClear={() => run(CommandIDs.clearProfile)}
        onReload={() => void model.reloadProfiles()}
      />
      {model.connection?.hello && (
        <AgentSource hello={model.connection.hello} trans={trans} />
      )}
    </>
  );
}
