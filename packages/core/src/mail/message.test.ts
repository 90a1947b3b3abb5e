import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../shared/html.ts';
import { backoffSeconds, buildMessage, type OutboxMessage, portalLink } from './message.ts';

function aRow(overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    id: '0190f1c2-0000-7000-8000-000000000001',
    ticketId: '0190f1c2-0000-7000-8000-0000000000aa',
    reference: 'GU-2026-000042',
    language: 'fr',
    subject: '[GU-2026-000042] Votre ticket est résolu',
    body: 'Votre ticket « <b>Projecteur</b> » est résolu.\n\nSolution : câble & source 2',
    to: { name: 'Camille Martin', address: 'camille@insa-lyon.fr' },
    ...overrides,
  };
}

const SETTINGS = { from: 'Guichet <guichet@insa-lyon.fr>', domain: 'insa-lyon.fr' };

describe('the email of a notification', () => {
  it('has a stable Message-ID and answers the ticket’s thread root', () => {
    const m = buildMessage(aRow(), SETTINGS);
    expect(m.messageId).toBe('<notification.0190f1c2-0000-7000-8000-000000000001@insa-lyon.fr>');
    expect(m.inReplyTo).toBe('<ticket.0190f1c2-0000-7000-8000-0000000000aa@insa-lyon.fr>');
    expect(m.references).toEqual(['<ticket.0190f1c2-0000-7000-8000-0000000000aa@insa-lyon.fr>']);
    expect(m.headers).toEqual({ 'Auto-Submitted': 'auto-generated' });
    expect(buildMessage(aRow(), SETTINGS).messageId).toBe(m.messageId);
  });

  it('keeps a subject that starts with the reference, and adds it when missing', () => {
    expect(buildMessage(aRow(), SETTINGS).subject).toBe('[GU-2026-000042] Votre ticket est résolu');
    expect(buildMessage(aRow({ subject: 'Votre ticket est résolu' }), SETTINGS).subject).toBe(
      '[GU-2026-000042] Votre ticket est résolu',
    );
  });

  it('sends the stored body as text and the same text, escaped, as HTML', () => {
    const m = buildMessage(aRow(), SETTINGS);
    expect(m.text).toBe(`${aRow().body}\n`);
    expect(m.html).toContain(
      '<p>Votre ticket « &lt;b&gt;Projecteur&lt;/b&gt; » est résolu.</p><p>Solution : câble &amp; source 2</p>',
    );
    expect(m.html).not.toContain('<b>');
  });

  it('links the portal’s ticket page in the recipient’s language when a portal is configured', () => {
    const fr = buildMessage(aRow(), { ...SETTINGS, portalUrl: 'https://portail.insa-lyon.fr/' });
    expect(fr.text).toContain('Suivre votre ticket : https://portail.insa-lyon.fr/tickets/GU-2026-000042');
    expect(fr.html).toContain(
      '<a href="https://portail.insa-lyon.fr/tickets/GU-2026-000042">https://portail.insa-lyon.fr/tickets/GU-2026-000042</a>',
    );
    const en = buildMessage(aRow({ language: 'en' }), { ...SETTINGS, portalUrl: 'https://p.example/' });
    expect(en.text).toContain('Follow your ticket: https://p.example/tickets/GU-2026-000042');
    expect(portalLink('https://p.example/#/tickets/{reference}', 'GU-2026-000042')).toBe(
      'https://p.example/#/tickets/GU-2026-000042',
    );
    expect(portalLink(undefined, 'GU-2026-000042')).toBeNull();
  });

  it('has no thread headers without a ticket', () => {
    const m = buildMessage(aRow({ ticketId: null, reference: null, subject: 'Bienvenue' }), SETTINGS);
    expect(m.subject).toBe('Bienvenue');
    expect(m.inReplyTo).toBeUndefined();
    expect(m.references).toBeUndefined();
  });

  it('escapes every character that matters in HTML', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('the retry delay', () => {
  it('doubles after each failure, capped at a day, with at most 10 % jitter', () => {
    const none = () => 0;
    expect([1, 2, 3, 4].map((n) => backoffSeconds(n, 60, none))).toEqual([60, 120, 240, 480]);
    expect(backoffSeconds(30, 60, none)).toBe(86_400);
    expect(backoffSeconds(1, 60, () => 0.999)).toBeLessThan(66);
    expect(backoffSeconds(3, 0, none)).toBe(0);
  });
});
