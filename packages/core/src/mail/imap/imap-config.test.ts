import { describe, expect, it } from 'vitest';
import { CoreConfigSchema } from '../../config.ts';
import { ImapConfigSchema, parseImapUrl, redactImapUrl } from './imap-config.ts';

describe('IMAP URLs', () => {
  it('read imaps:// and imap:// with their default ports, a decoded user and password, and a folder', () => {
    expect(parseImapUrl('imaps://cellule%40insa-rouen.fr:p%40ss%2Fw@imap.insa-rouen.fr/INBOX')).toEqual({
      host: 'imap.insa-rouen.fr',
      port: 993,
      secure: true,
      user: 'cellule@insa-rouen.fr',
      password: 'p@ss/w',
      folder: 'INBOX',
      requireStartTls: false,
    });
    expect(parseImapUrl('imap://u:p@imap.insa-lyon.fr:1143/Support%20Scenari')).toMatchObject({
      port: 1143,
      secure: false,
      folder: 'Support Scenari',
      requireStartTls: true,
    });
    expect(parseImapUrl('imap://u:p@127.0.0.1:1143')).toMatchObject({
      folder: 'INBOX',
      requireStartTls: false,
    });
    expect(parseImapUrl('imap://u:p@[::1]:1143')).toMatchObject({ host: '::1', requireStartTls: false });
  });

  it('refuse what is not an IMAP URL with a user and a password', () => {
    for (const text of [
      'https://u:p@imap.insa-rouen.fr',
      'imaps://imap.insa-rouen.fr',
      'imaps://u@imap.insa-rouen.fr',
      'imaps://u:p@imap.insa-rouen.fr/INBOX?x=1',
      'imaps://u:%E0%A4%A@imap.insa-rouen.fr',
      'not a url',
    ]) {
      expect(parseImapUrl(text), text).toBeNull();
    }
  });

  it('are logged without their password', () => {
    expect(redactImapUrl('imaps://cellule%40insa-rouen.fr:s3cret@imap.insa-rouen.fr/INBOX')).toBe(
      'imaps://cellule@insa-rouen.fr@imap.insa-rouen.fr:993/INBOX',
    );
    expect(redactImapUrl('https://u:s3cret@host')).toBe('(invalid IMAP URL)');
  });
});

describe('the IMAP settings', () => {
  it('default to no mailbox, and are part of the mail configuration', () => {
    const config = CoreConfigSchema.parse({ database: { url: 'postgres://x/y' } });
    expect(config.mail.imap).toMatchObject({ mailboxes: [], pollIntervalSeconds: 60, maxAttempts: 5 });
  });

  it('refuse the same mailbox address twice (it is the key of the lock)', () => {
    const url = 'imaps://u:p@imap.insa-rouen.fr/INBOX';
    const parsed = ImapConfigSchema.safeParse({
      mailboxes: [
        { url, mailbox: 'cellule@insa-rouen.fr' },
        { url, mailbox: 'Cellule@insa-rouen.fr' },
      ],
    });
    expect(parsed.success).toBe(false);
  });
});
