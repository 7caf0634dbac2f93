import { nullTranslator } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { MessageLoop } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

import { OriginNote } from '../components/OriginNote';
import { running, settle } from './fakes';

const trans = nullTranslator.load('jupyterlab');

async function note(overrides: Parameters<typeof running>[1]): Promise<string> {
  const widget = ReactWidget.create(
    <OriginNote snapshot={running(1, overrides)} trans={trans} />
  );
  MessageLoop.sendMessage(widget, Widget.Msg.UpdateRequest);
  await settle();
  const text = widget.node.textContent ?? '';
  widget.dispose();
  return text;
}

describe('OriginNote', () => {
  it('says nothing for a cluster the panel started, alone', async () => {
    expect(await note({ origin: 'started', other_clients: 0 })).toBe('');
    expect(await note({})).toBe('');
  });

  it('says where a cluster made elsewhere comes from', async () => {
    expect(await note({ origin: 'adopted' })).toContain('Made in the notebook');
    expect(await note({ origin: 'connected' })).toContain('Stop disconnects');
  });

  it('says when the kernel has other clients', async () => {
    expect(await note({ origin: 'adopted', other_clients: 2 })).toContain(
      '2 other clients in this kernel.'
    );
    expect(await note({ origin: 'started', other_clients: 1 })).toContain(
      '1 other client in this kernel.'
    );
  });
});
