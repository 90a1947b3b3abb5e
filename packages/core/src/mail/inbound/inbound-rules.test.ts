import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noiseReasons } from './noise.ts';
import { type InboundMail, parseMail, replyText, safeFilename } from './parse.ts';
import { guichetIds, providerNumber, subjectReference, titleOf } from './threading.ts';

const OWN = { addresses: ['guichet@groupe-insa.fr'], domain: 'guichet.groupe-insa.fr' };
const aMail = (overrides: Partial<InboundMail> = {}): InboundMail => ({
  messageId: '<a@insa-rouen.fr>',
  from: { address: 'marie.curie@insa-rouen.fr', name: 'Marie Curie' },
  subject: 'Question',
  inReplyTo: [],
  references: [],
  headers: [],
  text: 'Bonjour',
  attachments: [],
  ...overrides,
});

describe('attachment names', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system.ini', 'system.ini'],
    ['a.pdf\u202Eexe.js', 'a.pdfexe.js'],
    ['.bashrc', 'bashrc'],
    ['rap\u200Bport.pdf', 'rapport.pdf'],
    ['con:tent?.txt', 'con_tent_.txt'],
    ['', 'piece-jointe'],
    ['\u0000\u0001', 'piece-jointe'],
  ])('%j becomes %j', (name, safe) => {
    expect(safeFilename(name)).toBe(safe);
  });

  it('a very long name keeps its extension within 150 characters', () => {
    const name = safeFilename(`${'x'.repeat(400)}.docx`);
    expect(name).toHaveLength(150);
    expect(name.endsWith('.docx')).toBe(true);
  });
});

describe('reply text', () => {
  it.each([
    ['Thunderbird', 'Merci.\n\nLe 01/12/2026 à 10:12, Guichet INSA a écrit :\n> Bonjour\n', 'Merci.'],
    [
      'Outlook',
      'Voici.\n\nDe : Guichet <guichet@groupe-insa.fr>\nEnvoyé : mardi 1 décembre 2026 10:12\nÀ : Marie\nObjet : [GU-2026-000042] x\n\nBonjour\n',
      'Voici.',
    ],
    ['Outlook (message d’origine)', "Oui.\n\n-----Message d'origine-----\nDe : Guichet\nObjet : x\n", 'Oui.'],
    ['a signature', 'C’est réparé.\n\n-- \nMarie Curie\n', 'C’est réparé.'],
    [
      'English',
      'Works now.\n\nOn Tue, Dec 1, 2026 at 10:12 AM Guichet <g@x.fr> wrote:\n> Hello\n',
      'Works now.',
    ],
  ])('strips the quoted history of %s', (_client, text, expected) => {
    expect(replyText(text)).toBe(expected);
  });

  it('keeps a mail that is all quote whole rather than empty', () => {
    expect(replyText('> seulement une citation')).toBe('> seulement une citation');
  });
});

describe('threading', () => {
  const id = '0192f0a4-1111-4222-8333-444455556666';
  it('reads Guichet ids on our domain only, In-Reply-To first, then References newest first', () => {
    const found = guichetIds(
      [`<notification.${id}@guichet.groupe-insa.fr>`],
      [`<ticket.${id}@guichet.groupe-insa.fr>`, `<notification.${id}@evil.example>`, '<x@y>'],
      'guichet.groupe-insa.fr',
    );
    expect(found).toEqual([
      { kind: 'notification', id, header: 'In-Reply-To' },
      { kind: 'ticket', id, header: 'References' },
    ]);
  });

  it.each([
    ['RE: [GU-2026-000042] Accès', 'GU-2026-000042'],
    ['Re: gu-2026-000042', 'GU-2026-000042'],
    ['TR: [GU-2025-000001] puis [GU-2026-000042]', 'GU-2026-000042'],
    ['[GU-2026-\u200B000042]', 'GU-2026-000042'],
    ['XGU-2026-000042', null],
    ['GU-2026-12', null],
  ])('the subject %j names %j', (subject, ref) => {
    expect(subjectReference(subject)).toBe(ref);
  });

  it('a provider number by its pattern; an invalid pattern matches nothing', () => {
    expect(providerNumber('RE: [Kelis #4711] Correctif', '\\[Kelis #(\\d+)\\]')).toBe('4711');
    expect(providerNumber('[Kelis #4711]', '([')).toBeNull();
  });

  it('a title without reply prefixes', () => {
    expect(titleOf('RE: TR: Fwd: AW: Panne')).toBe('Panne');
    expect(titleOf('Re[2]: Panne')).toBe('Panne');
  });
});

describe('noise', () => {
  it.each([
    [{ headers: [['auto-submitted', 'auto-replied']] }, 'noise_auto_submitted'],
    [{ headers: [['precedence', 'bulk']] }, 'noise_precedence'],
    [{ headers: [['x-auto-response-suppress', 'OOF, AutoReply']] }, 'noise_auto_response_suppress'],
    [{ headers: [['list-id', '<l.example>']] }, 'noise_mailing_list'],
    [{ subject: 'Réponse automatique : Re: [GU-2026-000042]' }, 'noise_auto_reply_subject'],
    [{ subject: 'Absence du bureau' }, 'noise_auto_reply_subject'],
    [{ from: { address: 'mailer-daemon@x.fr', name: '' } }, 'noise_bounce'],
    [{ headers: [['return-path', '<>']] }, 'noise_bounce'],
    [{ from: { address: 'guichet@groupe-insa.fr', name: '' } }, 'noise_own_sender'],
    [{ messageId: '<notification.1@guichet.groupe-insa.fr>' }, 'noise_own_message_id'],
  ] as [Partial<InboundMail>, string][])('%j is %s', (overrides, code) => {
    expect(noiseReasons(aMail(overrides), OWN).map((r) => r.code)).toContain(code);
  });

  it.each([
    [{ headers: [['auto-submitted', 'no']] }],
    [{ headers: [['precedence', 'normal']] }],
    [{ subject: 'Question sur l’absence du bureau de Paul' }],
    [{ subject: 'Re: [GU-2026-000042] Accès' }],
  ] as [Partial<InboundMail>][])('%j is a person’s mail', (overrides) => {
    expect(noiseReasons(aMail(overrides), OWN)).toEqual([]);
  });
});

describe('strings stored as JSON', () => {
  it('never hold a lone surrogate: an emoji cut by a length limit is not cut in two', () => {
    const subject = `Réponse automatique :${'😀'.repeat(200)}`;
    const [r] = noiseReasons(aMail({ subject }), OWN);
    expect(r?.params.subject).toMatch(/^Réponse automatique :(😀)+$/u);
    expect(safeFilename(`${'😀'.repeat(100)}.pdf`)).toMatch(/^(😀)+\.pdf$/u);
    expect(titleOf(`x${'😀'.repeat(200)}`)).toMatch(/^x(😀)+$/u);
  });
});

describe('parsing never throws', () => {
  it('on any bytes, and what it returns is free of NUL characters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 4000 }).map((a) => Buffer.from(a)),
          fc
            .array(
              fc.tuple(fc.constantFrom('From', 'Subject', 'Content-Type', 'References', 'X'), fc.string()),
              {
                maxLength: 6,
              },
            )
            .chain((headers) =>
              fc
                .string({ maxLength: 500 })
                .map((body) =>
                  Buffer.from(`${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`),
                ),
            ),
        ),
        async (raw) => {
          const mail = await parseMail(raw);
          if (!mail) return;
          const strings = [mail.subject, mail.text, mail.from?.address ?? '', ...mail.headers.flat()];
          expect(strings.some((s) => s.includes('\u0000'))).toBe(false);
          noiseReasons(mail, OWN);
          replyText(mail.text);
          subjectReference(mail.subject);
        },
      ),
      { numRuns: 400, seed: 42 },
    );
  });
});
