/**
 * The AWS profiles of the current notebook's kernel, and the requests that
 * list, apply and clear them.
 */
import { Notification } from '@jupyterlab/apputils';

import type { IHello, IProfiles, IRequestArgs } from '../protocol';
import { RequestTracker } from '../requests';
import { profileChanged, runningWorkers } from './reach';
import type { IAgentConnection, IProfilesState } from '../tokens';
import { parseEndpoint } from '../validation';

/**
 * The profiles part of the panel's model, which owns it: the tracker of the
 * profile requests, which also keeps what each notebook's kernel listed.
 */
export class ProfilesModel extends RequestTracker {
  get state(): IProfilesState {
    const connection = this._connection();
    const listing = connection && this._listings.get(connection);
    const pending = this.pending;
    return {
      list: listing?.profiles ?? [],
      active: connection?.snapshot?.profile ?? null,
      workers: runningWorkers(connection?.snapshot ?? null),
      // The last request's error, else why the kernel lists no profile.
      error: this.error ?? listing?.error ?? null,
      listed: !!listing,
      loading: pending.has('profiles'),
      busy: connection?.status !== 'ready' || pending.size > 0
    };
  }

  /**
   * Whether a profile is being applied or cleared: a cluster should not start
   * before the kernel has the credentials it will use.
   */
  get changing(): boolean {
    const pending = this.pending;
    return pending.has('use_profile') || pending.has('clear_profile');
  }

  /**
   * List the profiles once after each greeting: on connection, after a
   * restart, after the settings changed (they carry profile endpoints).
   */
  listAfterGreeting(): void {
    const connection = this._connection();
    const hello = connection?.hello;
    if (
      connection &&
      hello &&
      connection.status === 'ready' &&
      this._listedAfter.get(connection) !== hello
    ) {
      this._listedAfter.set(connection, hello);
      void this.reload();
    }
  }

  async reload(): Promise<void> {
    const connection = this._connection();
    const listing = await this.send('profiles', {});
    if (connection && listing) {
      this._listings.set(connection, listing);
      this._onChange();
    }
  }

  async use(name: string, endpoint?: string): Promise<void> {
    const trans = this._trans;
    const parsed = parseEndpoint(endpoint ?? '', trans);
    if (!parsed.ok) {
      return this.refuse(parsed.message);
    }
    const args: IRequestArgs['use_profile'] = { name };
    if (parsed.value) {
      args.endpoint = parsed.value;
    }
    const applied = await this.send('use_profile', args, {
      failure: message =>
        trans.__('Applying the AWS profile "%1" failed: %2', name, message)
    });
    if (applied) {
      Notification.success(profileChanged(name, applied, trans), {
        autoClose: 5000
      });
      await this.reload();
    }
  }

  async clear(): Promise<void> {
    const trans = this._trans;
    const cleared = await this.send(
      'clear_profile',
      {},
      {
        failure: message =>
          trans.__('Clearing the AWS profile failed: %1', message)
      }
    );
    if (cleared) {
      Notification.success(profileChanged(null, cleared, trans), {
        autoClose: 5000
      });
      await this.reload();
    }
  }

  /**
   * Each notebook's last listing, and the hello it followed.
   */
  private _listings = new WeakMap<IAgentConnection, IProfiles>();
  private _listedAfter = new WeakMap<IAgentConnection, IHello>();
}
