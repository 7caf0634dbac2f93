/**
 * Where the focus goes in the panel: into it when it is shown (Ctrl+Alt+D),
 * and back onto it after an action whose button was disabled meanwhile (a
 * disabled button drops the focus to the page).
 */

/**
 * Keeps the focus in `node` after a button pressed there.
 */
export class PanelFocus {
  constructor(node: HTMLElement) {
    this._node = node;
    node.tabIndex = -1;
    node.addEventListener('click', event => {
      this._acted = !!(event.target as Element).closest?.('button');
    });
  }

  /**
   * Focus the panel's first control that can act.
   */
  enter(): void {
    const first = this._node.querySelector<HTMLElement>(
      'select:not(:disabled), input:not(:disabled), button:not(:disabled), summary'
    );
    (first ?? this._node).focus();
  }

  /**
   * After a render: if the focus fell to the page after an action here, put
   * it on the control that acts next (Stop, the primary button, a field).
   */
  restore = (): void => {
    const active = document.activeElement;
    if (!this._acted || (active && active !== document.body)) {
      return;
    }
    const next = [
      '.jp-DaskClusters-stopRow button',
      '.jp-DaskClusters-form .jp-mod-accept',
      '.jp-DaskClusters-form input'
    ]
      .map(selector => this._node.querySelector<HTMLElement>(selector))
      .find(control => control && !(control as HTMLButtonElement).disabled);
    next?.focus();
  };

  private _node: HTMLElement;
  private _acted = false;
}
