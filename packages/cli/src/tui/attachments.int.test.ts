/**
 * The ticket screen lists the ticket's files (name, size, type) over the real API, in-process, on a
 * real PostgreSQL; internal ones are marked for staff and never reach the requester.
 */
import { createApp } from '@guichet/api';
import { createGuichetClient } from '@guichet/api/client';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { render } from 'ink-testing-library';
import { createElement as h } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from './app.ts';
import { TuiData } from './data.ts';

let guichet: TestGuichet | null = null;
let unmount: (() => void) | null = null;
afterEach(async () => {
  unmount?.();
  unmount = null;
  await guichet?.dispose();
  guichet = null;
});

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

async function uiOf(g: TestGuichet, person: string) {
  const app = createApp(g);
  const token = (await g.tokens.create({ person, name: 't', scopes: ['read', 'write'] }, 'local')).token;
  const api = createGuichetClient({
    baseUrl: 'http://guichet.test',
    token,
    fetch: (r) => Promise.resolve(app.fetch(r)),
  });
  const ui = render(h(App, { data: new TuiData(api) }));
  unmount = ui.unmount;
  const frame = () => ui.lastFrame() ?? '';
  const sees = async (text: string | RegExp) => {
    const shown = () => (typeof text === 'string' ? frame().includes(text) : text.test(frame()));
    for (let i = 0; i < 300 && !shown(); i++) await new Promise((r) => setTimeout(r, 50));
    if (typeof text === 'string') expect(frame()).toContain(text);
    else expect(frame()).toMatch(text);
  };
  return { ui, frame, sees };
}

describe('terminal UI: attachments', () => {
  it('lists the files of the ticket with their size and type, internal ones marked', async () => {
    // Given a ticket with a requester's screenshot and a technician's internal log
    guichet = await createTestGuichet();
    const g = guichet;
    const staff = await givenDemoCatalogue(g);
    const manager = await staff('vr.manager@insa-rennes.fr');
    const tech = await staff('vr.tech@insa-rennes.fr');
    const prof = await g.catalogue.upsertPerson({
      email: 'prof@insa-rennes.fr',
      displayName: 'Claire Martin',
    });
    const t = await g.tickets.create(
      { personId: prof.id },
      { title: 'Casque VR en panne', description: 'Écran noir', service: 'vr-room' },
    );
    await g.tickets.act(manager, t.reference, { action: 'approve' });
    const send = async (
      caller: { personId: string },
      name: string,
      bytes: Buffer,
      visibility: 'public' | 'internal',
    ) => {
      const u = await g.attachments.begin(caller, t.reference, { visibility, body: `Fichier ${name}` });
      await u.add(name, [bytes]);
      await u.commit();
    };
    await send({ personId: prof.id }, 'écran.png', PNG, 'public');
    await send(tech, 'journal.log', Buffer.alloc(3000, 0x61), 'internal');

    // When the technician opens it, both files are listed
    const { ui, sees, frame } = await uiOf(g, 'vr.tech@insa-rennes.fr');
    await sees(t.reference);
    ui.stdin.write('\r');
    await sees('2 pièce(s) jointe(s)');
    expect(frame()).toContain(`📎 écran.png (${PNG.length} o, image/png)`);
    expect(frame()).toContain('📎 [INTERNE] journal.log (2,9 Kio, application/octet-stream)');
  });
});
