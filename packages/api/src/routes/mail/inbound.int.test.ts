import { createTestGuichet, givenDemoCatalogue, givenPerson, type TestGuichet } from '@guichet/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { ProblemSchema } from '../../lib/problem.ts';
import { InboundMailSchema, IngestOutcomeSchema } from './inbound-schemas.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

const CELL = 'cellule-pedagogique@insa-rouen.fr';

/** Given the demo catalogue, the Scenari cell's mailbox, a requester and the admins' tokens. */
async function given(maxBytes = 64 * 1024) {
  guichet = await createTestGuichet({
    mail: { from: 'Guichet <guichet@groupe-insa.fr>', inbound: { maxBytes } },
  });
  const g = guichet;
  await givenDemoCatalogue(g);
  await g.catalogue.applyDocument({
    mailboxes: [{ address: CELL, service: 'scenari', unknownSenders: 'hold' }],
  });
  await givenPerson(g, { email: 'marie.curie@insa-rouen.fr', displayName: 'Marie Curie' });
  const token = async (person: string, scopes: ('read' | 'write' | 'admin')[]) =>
    (await g.tokens.create({ person, name: `t-${scopes.join('-')}`, scopes }, 'local')).token;
  const admin = await token('admin@groupe-insa.fr', ['read', 'write', 'admin']);
  const app = createApp(g);
  const call = (method: string, path: string, secret: string, body?: Buffer, lang = 'fr') =>
    app.request(path, {
      method,
      headers: {
        Authorization: `Bearer ${secret}`,
        'Content-Type': 'message/rfc822',
        'Accept-Language': lang,
      },
      ...(body ? { body } : {}),
    });
  return { g, app, call, admin, token };
}

const aMail = (
  id: string,
  subject = 'Export Opale en échec',
  from = 'marie.curie@insa-rouen.fr',
  extra = '',
) =>
  Buffer.from(
    `From: ${from}\r\nTo: ${CELL}\r\nSubject: ${subject}\r\nMessage-ID: <${id}@insa-rouen.fr>\r\n${extra}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBonjour,\r\nl'export échoue.\r\n`,
  );

describe('/v1/mail/inbound', () => {
  it('a technical admin’s token feeds a mail in; the outcome, the list and the explanation follow', async () => {
    const { app, call, admin } = await given();
    // When the MTA's token posts a mail
    const posted = await call(
      'POST',
      `/v1/mail/inbound?mailbox=${encodeURIComponent(CELL)}`,
      admin,
      aMail('api-1'),
    );
    expect(posted.status).toBe(200);
    const outcome = IngestOutcomeSchema.parse(await posted.json());
    expect(outcome).toMatchObject({ decision: 'created', messageId: '<api-1@insa-rouen.fr>' });
    // Twice: duplicate, 200 too (the MTA must not retry)
    const again = IngestOutcomeSchema.parse(
      await (await call('POST', `/v1/mail/inbound?mailbox=${CELL}`, admin, aMail('api-1'))).json(),
    );
    expect(again).toMatchObject({ decision: 'duplicate', ticketReference: outcome.ticketReference });
    // An Idempotency-Key is not needed (the Message-ID is the key) and does not get in the way
    const keyed = await app.request(`/v1/mail/inbound?mailbox=${CELL}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${admin}`,
        'Content-Type': 'message/rfc822',
        'Idempotency-Key': 'mta-1',
      },
      body: aMail('api-1'),
    });
    expect(keyed.status).toBe(200);
    expect(IngestOutcomeSchema.parse(await keyed.json()).decision).toBe('duplicate');
    // A stranger's mail is held
    await call(
      'POST',
      `/v1/mail/inbound?mailbox=${CELL}`,
      admin,
      aMail('api-2', 'Devis', 'jean@example.com'),
    );
    const held = await call('GET', '/v1/mail/inbound?decision=held', admin);
    const list = ((await held.json()) as unknown[]).map((x) => InboundMailSchema.parse(x));
    expect(list.map((m) => m.messageId)).toEqual(['<api-2@insa-rouen.fr>']);
    // And the explanation names the rule, in the caller's language
    const explained = await call(
      'GET',
      `/v1/mail/inbound/${encodeURIComponent('<api-1@insa-rouen.fr>')}`,
      admin,
    );
    expect(explained.status).toBe(200);
    const view = InboundMailSchema.parse(await explained.json());
    expect(view.summary).toBe(
      'aucun ticket désigné : nouveau courriel; expéditeur connu (marie.curie@insa-rouen.fr)',
    );
    const en = await call('GET', '/v1/mail/inbound/api-1@insa-rouen.fr', admin, undefined, 'en');
    expect(InboundMailSchema.parse(await en.json()).summary).toBe(
      'no ticket named: a new mail; known sender (marie.curie@insa-rouen.fr)',
    );
  }, 60_000);

  it('a mail above the size limit is recorded as refused with its hash, not refused by HTTP', async () => {
    const { call, admin } = await given(4 * 1024);
    const big = aMail('api-big', 'Vidéo', 'marie.curie@insa-rouen.fr');
    const padded = Buffer.concat([big, Buffer.alloc(2 * 1024 * 1024, 0x61)]);
    const posted = await call('POST', `/v1/mail/inbound?mailbox=${CELL}`, admin, padded);
    expect(posted.status).toBe(200);
    expect(IngestOutcomeSchema.parse(await posted.json())).toMatchObject({
      decision: 'refused',
      reasons: ['message_too_large'],
    });
    const view = InboundMailSchema.parse(
      await (await call('GET', '/v1/mail/inbound/api-big@insa-rouen.fr', admin)).json(),
    );
    expect(view).toMatchObject({ rawKept: false, size: padded.length, subject: 'Vidéo' });
  }, 60_000);

  it('refuses what is not the gateway’s: a missing mailbox, an ordinary token, an unknown mail', async () => {
    const { call, admin, token } = await given();
    const noMailbox = await call('POST', '/v1/mail/inbound', admin, aMail('x'));
    expect(noMailbox.status).toBe(422);
    const problem = ProblemSchema.parse(await noMailbox.json());
    expect(problem.errors?.map((e) => e.field)).toEqual(['mailbox']);
    const plain = await token('admin@groupe-insa.fr', ['read', 'write']);
    const forbidden = await call('POST', `/v1/mail/inbound?mailbox=${CELL}`, plain, aMail('y'));
    expect(forbidden.status).toBe(403);
    expect(ProblemSchema.parse(await forbidden.json()).rule).toBe('admin_scope_required');
    const missing = await call('GET', '/v1/mail/inbound/nope@nowhere', admin);
    expect(missing.status).toBe(404);
    expect(ProblemSchema.parse(await missing.json()).code).toBe('NOT_FOUND');
  }, 60_000);
});
