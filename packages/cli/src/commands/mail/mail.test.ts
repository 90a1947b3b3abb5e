import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../lib/errors.ts';
import { type InboundMail, mailApi, outcomeLine } from '../../lib/mail-inbound.ts';
import { runCommand } from '../../testing/run-command.ts';
import MailExplain from './explain.ts';
import MailList from './list.ts';

vi.mock('../../lib/mail-inbound.ts', async (original) => {
  const actual = await original<typeof import('../../lib/mail-inbound.ts')>();
  return { ...actual, mailApi: { ingest: vi.fn(), explain: vi.fn(), list: vi.fn() } };
});

beforeEach(() => {
  vi.mocked(mailApi.explain).mockReset();
});

const aView = (overrides: Partial<InboundMail> = {}): InboundMail => ({
  id: '0193a4c2-7d1e-7b3a-9f10-2c5e8d4b6a02',
  mailbox: 'cellule-pedagogique@insa-rouen.fr',
  messageId: '<x@insa-rouen.fr>',
  sender: 'paul.martin@insa-rouen.fr',
  subject: 'Re: [GU-2026-000042] \u001b[2JNouvelle réponse',
  decision: 'held',
  ticketReference: 'GU-2026-000042',
  reasons: ['thread_subject', 'sender_not_participant'],
  explanation: [
    { code: 'thread_subject', params: {}, text: 'référence dans l’objet → GU-2026-000042' },
    { code: 'sender_not_participant', params: {}, text: 'l’expéditeur n’est pas partie prenante' },
  ],
  summary: '',
  size: 100,
  sha256: 'ab',
  rawKept: true,
  bodyText: null,
  attachments: [{ filename: 'capture.png', contentType: 'image/png', size: 12, sha256: 'cd' }],
  receivedAt: '2026-12-01T09:20:11.466Z',
  ...overrides,
});

describe('guichet mail explain', () => {
  it('asks for the Message-ID given and shows each reason, the text made inert', async () => {
    vi.mocked(mailApi.explain).mockResolvedValue(aView());
    const run = await runCommand(MailExplain, ['<x@insa-rouen.fr>']);
    expect(run.exit).toBe(0);
    expect(mailApi.explain).toHaveBeenCalledWith(
      expect.objectContaining({ url: 'http://guichet.test' }),
      '<x@insa-rouen.fr>',
    );
    expect(run.stdout).toBe(
      [
        '<x@insa-rouen.fr>',
        '  paul.martin@insa-rouen.fr → cellule-pedagogique@insa-rouen.fr',
        '  Re: [GU-2026-000042] Nouvelle réponse',
        '  held GU-2026-000042 (2026-12-01T09:20:11.466Z)',
        '  - référence dans l’objet → GU-2026-000042',
        '  - l’expéditeur n’est pas partie prenante',
        '  + capture.png (image/png, 12)',
        '',
      ].join('\n'),
    );
  });

  it('--json prints the server’s view; a refusal is one line and exit 1', async () => {
    vi.mocked(mailApi.explain).mockResolvedValueOnce(aView());
    const json = await runCommand(MailExplain, ['x@insa-rouen.fr', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      decision: 'held',
      reasons: ['thread_subject', 'sender_not_participant'],
    });
    vi.mocked(mailApi.explain).mockRejectedValueOnce(new CliError('Introuvable : aucun courriel reçu'));
    const missing = await runCommand(MailExplain, ['nope']);
    expect(missing).toMatchObject({ exit: 1, stderr: 'guichet: Introuvable : aucun courriel reçu\n' });
  });
});

describe('guichet mail list', () => {
  it('sends the decision asked for and shows one row per mail', async () => {
    vi.mocked(mailApi.list).mockResolvedValue([aView({ summary: 'retenu pour un modérateur' })]);
    const run = await runCommand(MailList, ['--decision', 'held', '--csv']);
    expect(run.exit).toBe(0);
    expect(mailApi.list).toHaveBeenCalledWith(expect.objectContaining({ url: 'http://guichet.test' }), {
      decision: 'held',
    });
    expect(run.stdout).toContain('held,GU-2026-000042,paul.martin@insa-rouen.fr');
    expect(run.stdout).toContain('retenu pour un modérateur');
    const wrong = await runCommand(MailList, ['--decision', 'lost']);
    expect(wrong.exit).toBe(3);
  });
});

describe('the ingest line', () => {
  it('is one line: decision, ticket, Message-ID, reasons', () => {
    expect(
      outcomeLine({
        inboundId: 'i',
        messageId: '<a@b>',
        decision: 'ignored',
        ticketReference: null,
        reasons: ['noise_auto_submitted'],
        details: [],
        attachments: [],
      }),
    ).toBe('ignored - <a@b> noise_auto_submitted');
  });
});
