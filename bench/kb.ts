/**
 * Knowledge-base benchmark (not a test): search and suggestions through core's public API, as a
 * requester of the group, on the API benchmark's 1 M-ticket database with 100,000 articles added
 * (realistic French and English text over the catalogue's services), with 1 and 8 concurrent
 * callers on one pool.
 *
 *   npm run bench:kb                                              # guichet_bench_1m, 100,000 articles
 *   npm run bench:kb -- --articles 20000 --ops 400
 *   npm run bench:kb -- --url postgres://postgres@127.0.0.1:5432/guichet_bench_10k
 *
 * The database must have been seeded by `bench/api/seed.ts` (run `npm run bench:api` once). The
 * articles are inserted once, set-based, and kept; the suggestion records the run writes are deleted
 * at the end. Prints ops/s and p50/p95/p99 per cell.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createGuichet } from '../packages/core/src/index.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/guichet_bench_1m' },
    articles: { type: 'string', default: '100000' },
    ops: { type: 'string', default: '800' },
    clients: { type: 'string', default: '1,8' },
  },
});
const articleCount = Number(values.articles);
const opsPerCell = Number(values.ops);

// Sentences the articles are made of: each article draws a subject, a symptom, a cause and a
// solution by its number, over its service, so titles and bodies vary and compete.
const FR = {
  subjects: [
    'la génération des fichiers ODT',
    "l'export PDF",
    'le dépôt de devoir',
    'le quiz',
    "l'inscription au cours",
    'la visioconférence',
    'le casque de réalité virtuelle',
    'la prise de rendez-vous',
    'le formulaire d’enquête',
    'la messagerie instantanée',
    'le robot conversationnel',
    'la connexion au portail',
    'le carnet de notes',
    'la vidéo en direct',
    'la publication du module',
    'la synchronisation du calendrier',
  ],
  symptoms: [
    'échoue avec un message d’erreur',
    'reste bloqué indéfiniment',
    'affiche une page blanche',
    'est refusé sans explication',
    'est très lent depuis la mise à jour',
    'ne fonctionne plus sous Firefox',
    'perd les accents',
    'renvoie une erreur 500',
  ],
  causes: [
    'le service LibreOffice du serveur ne répond plus',
    'la taille maximale du fichier est dépassée',
    'le cache du navigateur contient une ancienne version',
    'les droits du cours ne sont pas à jour',
    'le certificat du serveur a expiré',
    'la session a expiré pendant l’envoi',
  ],
  solutions: [
    'redémarrer le service puis relancer la génération',
    'vider le cache du navigateur et se reconnecter',
    'réduire la taille du fichier ou le compresser',
    'demander au responsable du cours de réinscrire l’étudiant',
    'mettre à jour le navigateur et réessayer',
    'utiliser le lien de secours indiqué sur le portail',
  ],
};
const EN = {
  subjects: [
    'ODT file generation',
    'PDF export',
    'assignment upload',
    'the quiz',
    'course enrolment',
    'the video conference',
    'the VR headset',
    'booking an appointment',
    'the survey form',
    'the chat',
  ],
  symptoms: [
    'fails with an error message',
    'hangs forever',
    'shows a blank page',
    'is refused without explanation',
    'is slow since the update',
  ],
  causes: [
    'the LibreOffice service on the server stopped answering',
    'the file is larger than the limit',
    'the browser cache holds an old version',
    'the course permissions are out of date',
  ],
  solutions: [
    'restart the service and generate again',
    'clear the browser cache and sign in again',
    'make the file smaller or compress it',
    'ask the course manager to enrol the student again',
  ],
};

const QUERIES = [
  'la génération des fichiers odt échoue avec Opale',
  'export pdf bloqué',
  'impossible de deposer mon devoir',
  'quiz page blanche',
  'inscription cours refusée',
  'visio tres lente',
  'casque vr ne marche plus',
  'prise de rendez vous erreur 500',
  'formulaire enquete accents perdus',
  'connexion portail firefox',
  'carnet de notes vide',
  'generation odt libreoffice',
  'pdf export fails',
  'assignment upload refused',
  'vr headset hangs',
  'la publicaton du module echoue',
];

async function main() {
  const admin = new pg.Client({ connectionString: values.url });
  await admin.connect();
  const g = await createGuichet({ database: { url: values.url }, scheduler: { enabled: false } });
  try {
    const ticketCount = Number((await admin.query('select count(*)::int as n from ticket')).rows[0].n);
    const existing = Number((await admin.query('select count(*)::int as n from article')).rows[0].n);
    if (existing < articleCount) {
      const started = Date.now();
      process.stderr.write(`seeding ${articleCount - existing} articles (kept between runs)…\n`);
      await seedArticles(admin, existing, articleCount);
      process.stderr.write(`  done in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    }
    const requester = (
      await admin.query(
        `select p.id from person p
          where p.active and not exists (select 1 from profile_grant g where g.person_id = p.id)
          order by p.email limit 1`,
      )
    ).rows[0].id as string;
    const caller = { personId: requester };
    const since = new Date();
    console.log(
      `| articles | tickets | operation | clients | ops/s | p50 ms | p95 ms | p99 ms | errors |\n| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |`,
    );
    for (const clients of values.clients.split(',').map(Number)) {
      const cells: [string, (n: number) => Promise<unknown>][] = [
        ['search', (n) => g.knowledgeBase.search(caller, { q: QUERIES[n % QUERIES.length]!, limit: 10 })],
        [
          'suggestions',
          (n) =>
            g.knowledgeBase.suggest(caller, {
              title: QUERIES[n % QUERIES.length]!,
              description: 'Bonjour, depuis ce matin cela ne fonctionne plus, pouvez-vous regarder ?',
              limit: 5,
            }),
        ],
      ];
      for (const [name, op] of cells) {
        const ops = clients === 1 ? opsPerCell / 2 : opsPerCell;
        // Warm-up: the first calls pay for plans and caches.
        for (let i = 0; i < 5; i++) await op(i).catch(() => {});
        const r = await closedLoop(clients, ops, op);
        console.log(
          `| ${articleCount.toLocaleString('en')} | ${ticketCount.toLocaleString('en')} | ${name} | ${clients} | ${r.rate.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} |`,
        );
      }
    }
    await admin.query('delete from kb_suggestion where person_id = $1 and created_at >= $2', [
      requester,
      since,
    ]);
  } finally {
    await g.close();
    await admin.end();
  }
}

async function closedLoop(clients: number, ops: number, op: (n: number) => Promise<unknown>) {
  const times: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let n = next++; n < ops; n = next++) {
        const t = performance.now();
        try {
          await op(n);
        } catch {
          // A statement timeout (UNAVAILABLE) counts as an error, timed like the others.
          errors += 1;
        }
        times.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { rate: times.length / elapsed, p50: at(0.5), p95: at(0.95), p99: at(0.99), errors };
}

async function seedArticles(db: pg.Client, from: number, to: number) {
  const lit = (xs: string[]) => `array[${xs.map((x) => `'${x.replaceAll("'", "''")}'`).join(',')}]`;
  await db.query('begin');
  await db.query(`
    insert into kb_tag (id, created_at, updated_at, code, label, synonyms)
    values (gen_random_uuid(), now(), now(), 'odt', 'ODT', '{libreoffice,opendocument}'),
           (gen_random_uuid(), now(), now(), 'pdf', 'PDF', '{acrobat}'),
           (gen_random_uuid(), now(), now(), 'visio', 'Visioconférence', '{visioconference,webinaire}')
    on conflict (code) do nothing`);
  await db.query(
    `with services as (select array_agg(id order by code) as ids from service),
          owners as (select array_agg(distinct g.person_id) as ids from profile_grant g where g.profile = 'technician'),
          n as (select i, (i % 5 = 0) as en from generate_series($1::int + 1, $2::int) as i)
     insert into article (id, created_at, updated_at, reference, title, summary, body, kind, symptom, cause,
                          workaround, solution, language, service_ids, tags, audience, status, owner_id,
                          published_at, revision, version)
     select gen_random_uuid(), now() - (i || ' minutes')::interval, now() - (i || ' minutes')::interval,
            'KB-' || lpad(i::text, 6, '0'),
            case when en then initcap((${lit(EN.subjects)})[1 + i % ${EN.subjects.length}]) || ' ' || (${lit(EN.symptoms)})[1 + (i / 7) % ${EN.symptoms.length}]
                 else initcap((${lit(FR.subjects)})[1 + i % ${FR.subjects.length}]) || ' ' || (${lit(FR.symptoms)})[1 + (i / 7) % ${FR.symptoms.length}] end,
            case when en then 'Cause: ' || (${lit(EN.causes)})[1 + (i / 3) % ${EN.causes.length}]
                 else 'Cause : ' || (${lit(FR.causes)})[1 + (i / 3) % ${FR.causes.length}] end,
            case when en then 'When ' || (${lit(EN.subjects)})[1 + i % ${EN.subjects.length}] || ' ' || (${lit(EN.symptoms)})[1 + (i / 7) % ${EN.symptoms.length}]
                   || ', ' || (${lit(EN.causes)})[1 + (i / 3) % ${EN.causes.length}] || '. To fix it, ' || (${lit(EN.solutions)})[1 + (i / 11) % ${EN.solutions.length}] || '. Article ' || i || '.'
                 else 'Lorsque ' || (${lit(FR.subjects)})[1 + i % ${FR.subjects.length}] || ' ' || (${lit(FR.symptoms)})[1 + (i / 7) % ${FR.symptoms.length}]
                   || ', c’est que ' || (${lit(FR.causes)})[1 + (i / 3) % ${FR.causes.length}] || '. Pour corriger : ' || (${lit(FR.solutions)})[1 + (i / 11) % ${FR.solutions.length}] || '. Fiche ' || i || '.' end,
            case when i % 3 = 0 then 'known_error' when i % 3 = 1 then 'how_to' else 'faq' end,
            case when i % 3 = 0 then 'Symptôme ' || i else null end,
            case when i % 3 = 0 then 'Cause ' || i else null end,
            null,
            case when i % 3 = 0 then (${lit(FR.solutions)})[1 + (i / 11) % ${FR.solutions.length}] else null end,
            case when en then 'en' else 'fr' end,
            array[(select ids from services)[1 + i % cardinality((select ids from services))]],
            case when i % 4 = 0 then '{odt}'::text[] when i % 4 = 1 then '{pdf}'::text[] else '{}'::text[] end,
            case when i % 7 = 0 then 'internal' when i % 3 = 0 then 'public' else 'requesters' end,
            case when i % 10 = 0 then 'draft' else 'published' end,
            (select ids from owners)[1 + i % cardinality((select ids from owners))],
            case when i % 10 = 0 then null else now() - (i || ' minutes')::interval end,
            1, 1
       from n`,
    [from, to],
  );
  await db.query(`
    insert into kb_word (word)
    select distinct w from (select title || ' ' || summary || ' ' || body as t from article) a,
           regexp_split_to_table(guichet_unaccent(lower(a.t)), '[^[:alnum:]]+') as w
     where length(w) between 3 and 64 and w !~ '[0-9]'
    on conflict do nothing`);
  await db.query('commit');
  await db.query('analyze article; analyze kb_word');
}

await main();
