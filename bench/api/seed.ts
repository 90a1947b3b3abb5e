/**
 * Fills a database with realistic tickets for the API benchmark, fast (set-based SQL, no ORM):
 * the demo catalogue, 20 technicians per team, 20,000 requesters across the establishments, and N
 * tickets over three years — mostly closed, a live tail of new/assigned/pending ones — with French
 * titles and descriptions drawn from the services' vocabulary, each with its `created` event.
 *
 *   node bench/api/seed.ts --url postgres://postgres@127.0.0.1:5432/guichet_bench --tickets 1000000
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { applyCatalogue, createGuichet, DEMO_CATALOGUE } from '../../packages/core/src/index.ts';

export const TECHNICIANS_PER_TEAM = 20;
export const REQUESTERS = 20_000;

/** Vocabulary per service: what people write about it. */
const WORDS = {
  subjects: [
    'Impossible de me connecter à',
    'Erreur lors de l’accès à',
    'Page blanche sur',
    'Lenteur de',
    'Demande d’accès à',
    'Question sur',
    'Problème d’inscription sur',
    'Message d’erreur dans',
    'Export impossible depuis',
    'Réservation du',
  ],
  objects: [
    'Moodle',
    'OpenINSA',
    'Scenari Opale',
    'la plateforme vidéo',
    'le portail',
    'les enquêtes',
    'le bot',
    'la messagerie instantanée',
    'la prise de rendez-vous',
    'cube VR',
  ],
  details: [
    'depuis ce matin',
    'après la mise à jour',
    'pour mon cours de mécanique',
    'avec le navigateur Firefox',
    'sur téléphone',
    'pour un TP de thermodynamique',
    'quand je dépose un devoir',
    'avec un vidéoprojecteur',
    'lors de la génération ODT',
    'pendant un examen en ligne',
    'pour les étudiants de première année',
    'avec une base de données en lecture seule',
  ],
};

const STATUSES: [string, number][] = [
  ['closed', 0.7],
  ['resolved', 0.1],
  ['assigned', 0.08],
  ['pending', 0.05],
  ['new', 0.04],
  ['pending_approval', 0.02],
  ['rejected', 0.01],
];

async function seed(url: string, tickets: number): Promise<void> {
  // Schema and catalogue through core, like a real installation.
  const guichet = await createGuichet({ database: { url }, scheduler: { enabled: false } });
  await applyCatalogue(guichet.catalogue, DEMO_CATALOGUE);
  await guichet.close();

  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const existing = Number((await db.query('select count(*) as n from ticket')).rows[0].n);
    if (existing >= tickets) {
      console.error(`already ${existing} tickets: nothing to do`);
      return;
    }
    const started = performance.now();
    await db.query('begin');
    // Staff: technicians in every team; requesters spread over the establishments' mail domains.
    await db.query(
      `insert into person (id, created_at, updated_at, email, display_name, establishment_id, affiliation)
       select gen_random_uuid(), now(), now(), 'tech' || i || '.' || t.code || '@groupe-insa.fr',
              'Technicien ' || i || ' ' || t.name, null, 'staff'
         from team t, generate_series(1, $1::int) i
       on conflict (email) do nothing`,
      [TECHNICIANS_PER_TEAM],
    );
    await db.query(
      `insert into profile_grant (id, created_at, updated_at, person_id, profile, team_id)
       select gen_random_uuid(), now(), now(), p.id, 'technician', t.id
         from team t join person p on p.email like 'tech%.' || t.code || '@groupe-insa.fr'
       on conflict do nothing`,
    );
    await db.query(
      `insert into person (id, created_at, updated_at, email, display_name, establishment_id, affiliation)
       select gen_random_uuid(), now(), now(),
              'demandeur' || i || '@' || e.mail_domains[1], 'Demandeur ' || i, e.id,
              (array['student','student','student','faculty','staff'])[1 + i % 5]
         from generate_series(1, $1::int) i
         join lateral (select * from establishment order by code offset (i % 8) limit 1) e on true
       on conflict (email) do nothing`,
      [REQUESTERS],
    );
    // Lookup arrays for the set-based insert.
    await db.query(`create temp table requesters as
      select row_number() over (order by email) as n, id, establishment_id from person where email like 'demandeur%'`);
    await db.query(`create temp table placements as
      select row_number() over (order by s.code, p.email) as n, s.id as service_id, s.parent_id, g.team_id, p.id as agent_id
        from service s
        -- The team that handles the service: its default team (or its parent's); Moodle has none
        -- (its moderator dispatches), its support team handles it.
        join team tm on tm.id = coalesce(s.default_team_id, (select default_team_id from service x where x.id = s.parent_id),
                                         case when s.code like 'moodle%' then (select id from team where code = 'moodle-support') end)
        join profile_grant g on g.team_id = tm.id and g.profile = 'technician'
        join person p on p.id = g.person_id`);
    const cumulative: string[] = [];
    let acc = 0;
    for (const [status, share] of STATUSES) {
      acc += share;
      cumulative.push(`when r < ${acc.toFixed(4)} then '${status}'`);
    }
    const sql = (arr: string[]) => `(array[${arr.map((w) => `'${w.replace(/'/g, "''")}'`).join(',')}])`;
    const start = existing + 1;
    const batch = 100_000;
    for (let from = start; from <= tickets; from += batch) {
      const to = Math.min(tickets, from + batch - 1);
      await db.query(
        `insert into ticket (id, created_at, updated_at, reference, type, title, description, requester_id,
           created_by_id, channel, service_id, sub_service_id, establishment_id, impact, urgency, priority,
           status, team_id, agent_id, pending_until, pending_kind, pending_reason, solution, resolved_at,
           closed_at, version)
         select gen_random_uuid(), c.at, c.at + interval '2 days',
                'GU-' || extract(year from c.at)::int || '-' || lpad(i::text, greatest(6, length(i::text)), '0'),
                (array['incident','request'])[1 + i % 2],
                s.subject || ' ' || s.object,
                s.subject || ' ' || s.object || ' ' || s.detail || '. ' || s.detail2 || '.',
                rq.id, rq.id, (array['portal','email','api','phone'])[1 + i % 4],
                coalesce(pl.parent_id, pl.service_id), case when pl.parent_id is null then null else pl.service_id end,
                rq.establishment_id,
                (array['low','medium','medium','high'])[1 + i % 4], (array['low','medium','high'])[1 + i % 3],
                'medium', st.status,
                case when st.status in ('new','pending_approval','rejected') then null else pl.team_id end,
                case when st.status in ('new','pending_approval','rejected') then null else pl.agent_id end,
                case when st.status = 'pending' then now() + interval '3 days' end,
                case when st.status = 'pending' then 'until_date' end,
                case when st.status = 'pending' then 'Attente du créneau de test' end,
                case when st.status in ('resolved','closed') then 'Corrigé : ' || s.detail end,
                case when st.status in ('resolved','closed') then c.at + interval '1 day' end,
                case when st.status = 'closed' then c.at + interval '8 days' end,
                4
           from generate_series($1::bigint, $2::bigint) i
           -- Deterministic pseudo-random numbers from i (hashint4), so runs are reproducible.
           cross join lateral (select now() - (interval '3 years') * power(abs(hashint4(i::int))::float8 / 2147483648, 2) as at,
                                      abs(hashint4((i + 1000000007)::int))::float8 / 2147483648 as r) c
           cross join lateral (select case ${cumulative.join(' ')} else 'closed' end as status) st
           join requesters rq on rq.n = 1 + (i * 7919) % ${REQUESTERS}
           join placements pl on pl.n = 1 + (i * 104729) % (select count(*) from placements)
           cross join lateral (select
                ${sql(WORDS.subjects)}[1 + (i * 31) % ${WORDS.subjects.length}] as subject,
                ${sql(WORDS.objects)}[1 + (i * 17) % ${WORDS.objects.length}] as object,
                ${sql(WORDS.details)}[1 + (i * 13) % ${WORDS.details.length}] as detail,
                ${sql(WORDS.details)}[1 + (i / ${WORDS.details.length} + 5) % ${WORDS.details.length}] as detail2) s`,
        [from, to],
      );
      console.error(`  ${to} tickets (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
    // One created event each; the NOTIFY trigger is for live changes, not bulk loads.
    await db.query(`set local session_replication_role = replica`);
    await db.query(
      `insert into ticket_event (ticket_id, type, actor_id, visibility, data, created_at)
       select t.id, 'created', t.requester_id, 'public', jsonb_build_object('status', t.status), t.created_at
         from ticket t where not exists (select 1 from ticket_event e where e.ticket_id = t.id)`,
    );
    await db.query(`select setval('ticket_number_seq', $1::bigint)`, [tickets + 1]);
    await db.query('commit');
    await db.query('vacuum analyze');
    console.error(`seeded ${tickets} tickets in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    await db.query('rollback').catch(() => {});
    throw error;
  } finally {
    await db.end();
  }
}

export { seed };

if (import.meta.main) {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, tickets: { type: 'string', default: '10000' } },
  });
  if (!values.url) {
    console.error('usage: node bench/api/seed.ts --url DATABASE_URL [--tickets N]');
    process.exit(1);
  }
  await seed(values.url, Number(values.tickets));
}
