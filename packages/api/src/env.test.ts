import { describe, expect, it } from 'vitest';
import { coreConfigFrom, readEnv } from './env.ts';

describe('the server environment', () => {
  it('loads the demo catalogue (and its well-known people) by default only on the embedded database', () => {
    expect(coreConfigFrom(readEnv({})).seedDemo).toBe(true);
    expect(coreConfigFrom(readEnv({ DATABASE_URL: 'postgres://db.example.org/guichet' })).seedDemo).toBe(
      false,
    );
    expect(
      coreConfigFrom(readEnv({ DATABASE_URL: 'postgres://db.example.org/guichet', GUICHET_DEMO: '1' }))
        .seedDemo,
    ).toBe(true);
    expect(coreConfigFrom(readEnv({ GUICHET_DEMO: '0' })).seedDemo).toBe(false);
  });
});

describe('the outbound email settings', () => {
  it('pass the SMTP URL, From and portal to core, and need a From with an SMTP URL', () => {
    const env = readEnv({
      GUICHET_SMTP_URL: 'smtps://guichet:secret@smtp.insa-lyon.fr:465',
      GUICHET_MAIL_FROM: 'Guichet <guichet@insa-lyon.fr>',
      GUICHET_PORTAL_URL: 'https://portail.insa-lyon.fr',
    });
    expect(coreConfigFrom(env).mail).toEqual({
      smtpUrl: 'smtps://guichet:secret@smtp.insa-lyon.fr:465',
      from: 'Guichet <guichet@insa-lyon.fr>',
      portalUrl: 'https://portail.insa-lyon.fr',
      imap: { mailboxes: [], pollIntervalSeconds: 60 },
    });
    expect(() => readEnv({ GUICHET_SMTP_URL: 'smtp://smtp.insa-lyon.fr' })).toThrow(/GUICHET_MAIL_FROM/);
    expect(() =>
      readEnv({ GUICHET_SMTP_URL: 'http://smtp.insa-lyon.fr', GUICHET_MAIL_FROM: 'a@b.fr' }),
    ).toThrow(/GUICHET_SMTP_URL/);
  });

  it('leave email off by default', () => {
    expect(coreConfigFrom(readEnv({})).mail).toEqual({ imap: { mailboxes: [], pollIntervalSeconds: 60 } });
  });
});

describe('the inbound IMAP mailboxes', () => {
  const mailbox = {
    url: 'imaps://cellule%40insa-rouen.fr:s3cr%C3%A9t@imap.insa-rouen.fr/INBOX',
    mailbox: 'cellule@insa-rouen.fr',
    processedFolder: 'Traités',
  };

  it('pass GUICHET_IMAP and the poll interval to core', () => {
    const env = readEnv({ GUICHET_IMAP: JSON.stringify([mailbox]), GUICHET_IMAP_POLL_SECONDS: '30' });
    expect(coreConfigFrom(env).mail.imap).toEqual({ mailboxes: [mailbox], pollIntervalSeconds: 30 });
  });

  it('name the wrong field without ever echoing a password', () => {
    const cases = [
      // Not JSON: JSON.parse's own message would quote the text.
      `[{"url": "imaps://cellule:s3cret-pw@imap.insa-rouen.fr", mailbox: 1}]`,
      // Not an IMAP URL.
      JSON.stringify([{ ...mailbox, url: 'https://cellule:s3cret-pw@imap.insa-rouen.fr' }]),
      // An unknown key.
      JSON.stringify([
        { ...mailbox, url: 'imaps://cellule:s3cret-pw@imap.insa-rouen.fr', password: 's3cret-pw' },
      ]),
      // The same mailbox twice is refused by core (one lock per address), the shape here.
      JSON.stringify({ url: 'imaps://cellule:s3cret-pw@imap.insa-rouen.fr' }),
    ];
    for (const text of cases) {
      let message = '';
      try {
        readEnv({ GUICHET_IMAP: text });
      } catch (error) {
        message = `${(error as Error).message} ${JSON.stringify(error)}`;
      }
      expect(message).toMatch(/GUICHET_IMAP/);
      expect(message).not.toMatch(/s3cret-pw/);
    }
  });
});
