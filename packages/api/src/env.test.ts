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
    });
    expect(() => readEnv({ GUICHET_SMTP_URL: 'smtp://smtp.insa-lyon.fr' })).toThrow(/GUICHET_MAIL_FROM/);
    expect(() =>
      readEnv({ GUICHET_SMTP_URL: 'http://smtp.insa-lyon.fr', GUICHET_MAIL_FROM: 'a@b.fr' }),
    ).toThrow(/GUICHET_SMTP_URL/);
  });

  it('leave email off by default', () => {
    expect(coreConfigFrom(readEnv({})).mail).toEqual({});
  });
});
