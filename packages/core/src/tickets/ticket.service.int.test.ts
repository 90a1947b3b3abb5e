import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestGuichet, givenDemoCatalogue, givenPerson, type TestGuichet } from '../../testing/index.ts';
import { DomainError } from '../errors.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

async function sql<T extends object = Record<string, unknown>>(
  g: TestGuichet,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: g.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

async function counts(g: TestGuichet) {
  const [row] = await sql<{ tickets: number; events: number; notifications: number }>(
    g,
    `select (select count(*)::int from ticket) as tickets, (select count(*)::int from ticket_event) as events,
            (select count(*)::int from notification) as notifications`,
  );
  return row!;
}

/** An assigned VR room ticket and the people around it. */
async function givenAssignedVrTicket(g: TestGuichet) {
  const staff = await givenDemoCatalogue(g);
  const manager = await staff('vr.manager@insa-rennes.fr');
  const tech = await staff('vr.tech@insa-rennes.fr');
  const requester = await givenPerson(g, { email: 'demandeur@insa-rennes.fr' });
  const t = await g.tickets.create(requester, {
    title: 'Casque VR en panne',
    description: 'Le casque 2 ne s’allume plus',
    service: 'vr-room',
  });
  await g.tickets.act(manager, t.reference, { action: 'approve' });
  return { staff, manager, tech, requester, reference: t.reference };
}

describe('concurrent changes', () => {
  it('two concurrent reassignments: one wins, the other gets CONFLICT, nothing is overwritten', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const { manager, reference } = await givenAssignedVrTicket(g);
    await g.catalogue.upsertPerson({ email: 'vr.tech2@insa-rennes.fr', displayName: 'Tech 2' });
    await g.catalogue.upsertPerson({ email: 'vr.tech3@insa-rennes.fr', displayName: 'Tech 3' });
    await g.catalogue.grantProfile({
      person: 'vr.tech2@insa-rennes.fr',
      profile: 'technician',
      team: 'vr-room',
    });
    await g.catalogue.grantProfile({
      person: 'vr.tech3@insa-rennes.fr',
      profile: 'technician',
      team: 'vr-room',
    });

    // Given another session holds the ticket row, so both reassignments read the same version and then wait
    const blocker = new pg.Client({ connectionString: g.databaseUrl });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('select 1 from ticket where reference = $1 for update', [reference]);
    const reassign = (agent: string) =>
      g.tickets.act(manager, reference, { action: 'reassign', team: 'vr-room', agent }).then(
        (view) => ({ ok: true as const, agent: view.agent?.email }),
        (error: unknown) => ({ ok: false as const, error }),
      );
    const first = reassign('vr.tech2@insa-rennes.fr');
    const second = reassign('vr.tech3@insa-rennes.fr');
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [row] = await sql<{ n: number }>(
        g,
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
      );
      if (row!.n >= 2) break;
      if (Date.now() > deadline) throw new Error('the two reassignments never both waited on the row');
      await new Promise((r) => setTimeout(r, 20));
    }
    // When the row is released
    await blocker.query('commit');
    await blocker.end();
    const results = await Promise.all([first, second]);

    // Then exactly one won and the other got a typed CONFLICT
    const winners = results.filter((r) => r.ok);
    const losers = results.filter((r) => !r.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const error = (losers[0] as { error: unknown }).error;
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'CONFLICT' });
    const stored = await g.tickets.get(manager, reference);
    expect(stored.agent?.email).toBe((winners[0] as { agent: string }).agent);
    const reassigned = (await g.tickets.timeline(manager, reference)).filter((e) => e.type === 'reassigned');
    expect(reassigned).toHaveLength(1);
  });

  it('a stale expected version is refused with CONFLICT before anything is written', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const { tech, reference } = await givenAssignedVrTicket(g);
    const seen = await g.tickets.get(tech, reference);
    // The version a view shows is the stored one: acting with it succeeds and moves it on.
    const noted = await g.tickets.act(
      tech,
      reference,
      { action: 'note', body: 'première note' },
      { expectedVersion: seen.version },
    );
    expect(noted.version).toBe(seen.version + 1);
    expect((await g.tickets.get(tech, reference)).version).toBe(noted.version);
    const before = await counts(g);
    await expect(
      g.tickets.act(
        tech,
        reference,
        { action: 'note', body: 'seconde note' },
        { expectedVersion: seen.version },
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: { rule: 'stale_version' } });
    expect(await counts(g)).toEqual(before);
  });
});

describe('bad input', () => {
  it('every validation failure names the field, in French by default and in English, and writes nothing', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const { tech, reference, requester } = await givenAssignedVrTicket(g);
    const before = await counts(g);

    const attempts: [() => Promise<unknown>, string, string][] = [
      [() => g.tickets.create(requester, { title: '', description: 'x' }), 'title', 'VALIDATION_FAILED'],
      [
        () => g.tickets.create(requester, { title: 'x', description: 'y', service: 'nope' }),
        'service',
        'VALIDATION_FAILED',
      ],
      [
        () =>
          g.tickets.create(requester, {
            title: 'x',
            description: 'y',
            service: 'moodle',
            subService: 'scenari.opale',
          }),
        'subService',
        'VALIDATION_FAILED',
      ],
      [
        () =>
          g.tickets.create(requester, { title: 'x', description: 'y', requester: 'vr.tech@insa-rennes.fr' }),
        'requester',
        'VALIDATION_FAILED',
      ],
      [
        () => g.tickets.create(requester, { title: 'x', description: 'y', colour: 'red' } as never),
        'colour',
        'VALIDATION_FAILED',
      ],
      [
        () => g.tickets.act(tech, reference, { action: 'pend', until: 'tomorrow', reason: 'x' }),
        'until',
        'VALIDATION_FAILED',
      ],
      [
        () => g.tickets.act(tech, reference, { action: 'pend', until: '2020-01-01T00:00:00Z', reason: 'x' }),
        'until',
        'VALIDATION_FAILED',
      ],
      [
        () =>
          g.tickets.act(tech, reference, {
            action: 'reassign',
            team: 'vr-room',
            agent: 'moodle.tech@insa-lyon.fr',
          }),
        'agent',
        'VALIDATION_FAILED',
      ],
      [
        () => g.tickets.act(tech, reference, { action: 'resolve', service: 'vr-room', solution: '' }),
        'solution',
        'VALIDATION_FAILED',
      ],
      [
        () =>
          g.tickets.act(tech, reference, {
            action: 'resolve',
            service: 'vr-room',
            subService: 'moodle.access',
            solution: 'ok',
          }),
        'subService',
        'VALIDATION_FAILED',
      ],
      [() => g.tickets.act(tech, reference, { action: 'fly' } as never), 'action', 'VALIDATION_FAILED'],
    ];
    for (const [attempt, field, code] of attempts) {
      const error = await attempt().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, `expected a refusal naming ${field}`).toBeInstanceOf(DomainError);
      const domain = error as DomainError;
      expect(domain.code).toBe(code);
      expect(
        domain
          .localizedFields('fr')
          .map((f) => f.field)
          .join(' '),
      ).toContain(field);
      expect(domain.localized('fr')).not.toEqual(domain.localized('en'));
    }
    expect(await counts(g)).toEqual(before);
  });

  it('an unknown ticket is TICKET_NOT_FOUND; a ticket hidden from the caller too', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const { reference } = await givenAssignedVrTicket(g);
    const stranger = await givenPerson(g);
    await expect(g.tickets.get(stranger, 'GU-2026-999999')).rejects.toMatchObject({
      code: 'TICKET_NOT_FOUND',
    });
    await expect(g.tickets.get(stranger, reference)).rejects.toMatchObject({ code: 'TICKET_NOT_FOUND' });
    await expect(
      g.tickets.act(stranger, reference, { action: 'reply', body: 'coucou' }),
    ).rejects.toMatchObject({
      code: 'TICKET_NOT_FOUND',
    });
    expect((await g.tickets.list(stranger)).items).toEqual([]);
  });
});

describe('final states and history', () => {
  it('a closed ticket refuses every change, naming the rule, and nothing is written', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const { manager, tech, reference, requester } = await givenAssignedVrTicket(g);
    await g.tickets.act(tech, reference, {
      action: 'resolve',
      service: 'vr-room',
      solution: 'Casque remplacé',
    });
    await g.tickets.act(manager, reference, { action: 'close' });
    const before = await counts(g);
    for (const [who, input] of [
      [tech, { action: 'note', body: 'après coup' }],
      [requester, { action: 'reply', body: 'merci' }],
      [manager, { action: 'edit', changes: { title: 'autre' } }],
      [requester, { action: 'reopen', reason: 'encore' }],
    ] as const) {
      const error = await g.tickets.act(who, reference, input).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'INVALID_TRANSITION', details: { rule: 'ticket_is_final' } });
      expect((error as DomainError).localized('fr')).toContain('clos');
    }
    expect(await counts(g)).toEqual(before);
  });

  it('the timeline is append-only in the database itself', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    await givenAssignedVrTicket(g);
    await expect(sql(g, "update ticket_event set data = '{}'")).rejects.toThrow(/append-only/);
    await expect(sql(g, 'delete from ticket_event')).rejects.toThrow(/append-only/);
  });

  it('resolved tickets close by themselves after the configured number of days', async () => {
    let now = new Date('2026-11-28T09:00:00Z');
    guichet = await createTestGuichet({ autoCloseAfterDays: 7 }, { clock: { now: () => now } });
    const g = guichet;
    const { tech, reference, requester } = await givenAssignedVrTicket(g);
    await g.tickets.act(tech, reference, {
      action: 'resolve',
      service: 'vr-room',
      solution: 'Casque remplacé',
    });

    now = new Date('2026-12-04T09:00:00Z');
    expect(await g.scheduler.sweep()).toMatchObject({ woken: 0, closed: 0, forgotten: 0 });
    now = new Date('2026-12-05T09:00:01Z');
    expect(await g.scheduler.sweep()).toMatchObject({ woken: 0, closed: 1, forgotten: 0 });
    const closed = await g.tickets.get(requester, reference);
    expect(closed.status).toBe('closed');
    const last = (await g.tickets.timeline(requester, reference)).at(-1);
    expect(last).toMatchObject({ type: 'closed', actor: null });
  });
});

describe('creation', () => {
  it('only a moderator may open a ticket on behalf of someone else; the timeline records both', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const staff = await givenDemoCatalogue(g);
    const moderator = await staff('moderation@groupe-insa.fr');
    const student = await givenPerson(g, { email: 'eleve@insa-toulouse.fr' });
    const t = await g.tickets.create(moderator, {
      requester: 'eleve@insa-toulouse.fr',
      title: 'Vidéo illisible',
      description: 'La vidéo du cours 3 ne se lance pas',
      service: 'video',
      channel: 'phone',
      impact: 'low',
      urgency: 'high',
    });
    expect(t).toMatchObject({
      status: 'assigned',
      requester: { email: 'eleve@insa-toulouse.fr' },
      establishment: 'insa-toulouse',
      priority: 'medium',
    });
    const [created] = await g.tickets.timeline(student, t.reference);
    expect(created).toMatchObject({
      type: 'created',
      actor: { email: 'moderation@groupe-insa.fr' },
      data: { onBehalfOf: 'eleve@insa-toulouse.fr' },
    });
    await expect(
      g.tickets.create(student, {
        requester: 'moderation@groupe-insa.fr',
        title: 'x',
        description: 'y',
        service: 'video',
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'requester', rule: 'field.not_a_moderator' }] },
    });
  });

  it('references are unique and readable; a retired service takes no new tickets', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    await givenDemoCatalogue(g);
    const student = await givenPerson(g);
    const refs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        g.tickets.create(student, { title: `Sondage ${i}`, description: 'x', service: 'surveys' }),
      ),
    );
    expect(new Set(refs.map((r) => r.reference)).size).toBe(8);
    for (const r of refs) expect(r.reference).toMatch(/^GU-\d{4}-\d{6}$/);
    await g.catalogue.upsertService({ code: 'bot', name: 'Bot du groupe', status: 'retired' });
    await expect(
      g.tickets.create(student, { title: 'x', description: 'y', service: 'bot' }),
    ).rejects.toMatchObject({
      details: { fields: [{ field: 'service', rule: 'field.retired_service' }] },
    });
  });
});

describe('listing and search', () => {
  it('finds tickets by accent-insensitive French full text, and pages with a cursor', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const staff = await givenDemoCatalogue(g);
    const admin = await staff('admin@groupe-insa.fr');
    const student = await givenPerson(g);
    await g.tickets.create(student, {
      title: 'Accès aux écoles doctorales',
      description: 'Les espaces des écoles sont vides',
      service: 'portal',
    });
    for (let i = 0; i < 5; i++)
      await g.tickets.create(student, {
        title: `Problème ${i}`,
        description: 'Rien à voir',
        service: 'chat',
      });

    const found = await g.tickets.list(admin, { q: 'ecole' });
    expect(found.items.map((t) => t.title)).toEqual(['Accès aux écoles doctorales']);

    const page1 = await g.tickets.list(student, { limit: 4 });
    expect(page1.items).toHaveLength(4);
    expect(page1.next).not.toBeNull();
    const page2 = await g.tickets.list(student, { limit: 4, after: page1.next! });
    expect(page2.items).toHaveLength(2);
    expect(page2.next).toBeNull();
    const all = [...page1.items, ...page2.items].map((t) => t.reference);
    expect(new Set(all).size).toBe(6);
    await expect(g.tickets.list(student, { after: 'garbage' })).rejects.toMatchObject({
      details: { fields: [{ field: 'after' }] },
    });
  });

  it('filters by establishment, priority and date ranges, sorts both ways and pages exactly through ties', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const staff = await givenDemoCatalogue(g);
    const admin = await staff('admin@groupe-insa.fr');
    const lyon = await givenPerson(g, { email: 'etudiant@insa-lyon.fr', establishment: 'insa-lyon' });
    const rennes = await givenPerson(g, { email: 'etudiant@insa-rennes.fr', establishment: 'insa-rennes' });
    const refs: string[] = [];
    for (let i = 0; i < 7; i++) {
      const t = await g.tickets.create(i % 2 ? rennes : lyon, {
        title: `Demande ${i}`,
        description: 'Rien de grave',
        service: 'chat',
        ...(i === 0 ? { impact: 'high' as const, urgency: 'high' as const } : {}),
      });
      refs.push(t.reference);
    }
    // Microsecond timestamps, three of them equal: what a bulk import or a busy minute produces.
    await sql(
      g,
      `update ticket set created_at = timestamptz '2026-03-01 10:00:00.123456+00' + make_interval(secs => (case when reference = any($2) then 0 else num end)),
                         updated_at = timestamptz '2026-06-01 00:00:00+00' - make_interval(days => num)
         from (select reference as r, row_number() over (order by reference)::int as num from ticket) n
        where n.r = ticket.reference and reference = any($1)`,
      [refs, refs.slice(2, 5)],
    );
    await sql(
      g,
      `update ticket set linked_problem_id = (select id from ticket where reference = $1) where reference = $2`,
      [refs[0], refs[1]],
    );

    const all = async (input: Parameters<typeof g.tickets.list>[1]) => {
      const seen: string[] = [];
      let after: string | undefined;
      do {
        const page = await g.tickets.list(admin, { ...input, limit: 2, ...(after ? { after } : {}) });
        seen.push(...page.items.map((t) => t.reference));
        after = page.next ?? undefined;
      } while (after);
      return seen;
    };
    const newestFirst = await all({});
    expect(newestFirst).toHaveLength(7);
    expect(new Set(newestFirst).size).toBe(7);
    expect(await all({ sort: 'createdAt' })).toEqual([...newestFirst].reverse());
    // updated_at goes down as the reference goes up.
    expect(await all({ sort: 'updatedAt' })).toEqual([...refs].reverse());
    expect(await all({ sort: '-updatedAt' })).toEqual(refs);

    const lyonOnly = await g.tickets.list(admin, { establishment: 'insa-lyon' });
    expect(lyonOnly.items.map((t) => t.reference).sort()).toEqual([refs[0], refs[2], refs[4], refs[6]]);
    const urgent = await g.tickets.list(admin, { priority: ['critical'] });
    expect(urgent.items.map((t) => t.reference)).toEqual([refs[0]]);
    const march = await g.tickets.list(admin, {
      createdFrom: new Date('2026-03-01T10:00:01.500Z'),
      createdTo: new Date('2026-03-01T10:00:03Z'),
    });
    expect(march.items.map((t) => t.reference)).toEqual([refs[1]]);
    const lateMay = await g.tickets.list(admin, { updatedFrom: new Date('2026-05-30T00:00:00Z') });
    expect(lateMay.items.map((t) => t.reference).sort()).toEqual([refs[0], refs[1]]);

    const linked = (await g.tickets.list(admin, { establishment: 'insa-rennes' })).items.find(
      (t) => t.reference === refs[1],
    );
    expect(linked).toMatchObject({ linkedProblem: refs[0], requester: { email: 'etudiant@insa-rennes.fr' } });

    const page = await g.tickets.list(admin, { limit: 2 });
    await expect(g.tickets.list(admin, { sort: 'updatedAt', after: page.next! })).rejects.toMatchObject({
      details: { fields: [{ field: 'after' }] },
    });
    await expect(g.tickets.list(admin, { establishment: 'nowhere' })).rejects.toMatchObject({
      details: { fields: [{ field: 'establishment' }] },
    });
  });
});

describe('returning to a previous assignment', () => {
  it('reopen gives the ticket back to its agent only while they are a technician of its team', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const { tech, requester, reference } = await givenAssignedVrTicket(g);
    const resolve = () =>
      g.tickets.act(tech, reference, { action: 'resolve', service: 'vr-room', solution: 'Câble changé' });
    await resolve();
    // While the agent is still in the team, the ticket goes back to them.
    const back = await g.tickets.act(requester, reference, { action: 'reopen', reason: 'Toujours en panne' });
    expect(back).toMatchObject({
      status: 'assigned',
      agent: { email: 'vr.tech@insa-rennes.fr' },
      team: 'vr-room',
    });
    await resolve();
    // When they have left the team, the ticket goes back through routing (the VR rule picks a
    // technician still in the team; there is none left, so it waits in the moderators' queue).
    await g.catalogue.revokeProfile({
      person: 'vr.tech@insa-rennes.fr',
      profile: 'technician',
      team: 'vr-room',
    });
    const reopened = await g.tickets.act(requester, reference, { action: 'reopen', reason: 'Encore' });
    expect(reopened.agent?.email).not.toBe('vr.tech@insa-rennes.fr');
    expect(reopened).toMatchObject({ status: 'new', agent: null, team: null, solution: null });
  });
});
