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
 * The database must have been seeded by `bench/api/seed.ts` (run `npm run bench:api` once, or
 * `node bench/api/seed.ts --url …/guichet_bench_1m --tickets 1000000` on a created database). The
 * articles are inserted once, set-based, and kept; the suggestion records the run writes are deleted
 * at the end. Prints ops/s and p50/p95/p99 per cell.
 *
 *   npm run bench:kb -- --trace                 # also: statements per call and their server time
 *   npm run bench:kb -- --baseline /tmp/base    # interleaved with another checkout's core
 *
 * `--trace` runs every query per operation first (three times, the least server time kept) and
 * prints, per operation, the statements a call sends (round trips) and the server's time for them
 * (`EXPLAIN (ANALYZE, BUFFERS)` of each read statement, planning + execution; BEGIN, SET, COMMIT
 * and writes count as round trips only; the job queue's own statements are left out).
 * `--baseline DIR` loads the core of another checkout (`git archive REV | tar -x -C DIR`, with
 * `node_modules` linked) on its own pool and alternates the two call by call in every cell (which
 * goes first alternates too), so that the machine's neighbours weigh on both alike: a before/after
 * comparison in one run.
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createGuichet } from '../packages/core/src/index.ts';

/**
 * The statements the process sends while `recording` is set (see `--trace`), from every copy of
 * `pg` the process loads (the ORM has its own).
 */
const sent: { text: string; values: unknown[] }[] = [];
let recording = false;
const ormPg = createRequire(import.meta.resolve('@mikro-orm/postgresql'))('pg') as typeof pg;
for (const Client of new Set([pg.Client, ormPg.Client])) {
  const clientQuery = Client.prototype.query as (...args: unknown[]) => unknown;
  Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if (recording) {
      const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown];
      const text = typeof config === 'string' ? config : config.text;
      const params = typeof config === 'string' ? values : config.values;
      // The job queue (pg-boss) polls on its own connections: not the call's statements.
      if (!/\bpgboss\./.test(text)) sent.push({ text, values: Array.isArray(params) ? params : [] });
    }
    return clientQuery.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/guichet_bench_1m' },
    articles: { type: 'string', default: '100000' },
    ops: { type: 'string', default: '800' },
    clients: { type: 'string', default: '1,8' },
    trace: { type: 'boolean', default: false },
    baseline: { type: 'string' },
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

/** One core under test: this checkout's, or the baseline's (`--baseline`). */
interface Variant {
  name: string;
  guichet: Awaited<ReturnType<typeof createGuichet>>;
}

type Op = (g: Variant['guichet'], n: number) => Promise<unknown>;

async function main() {
  const admin = new pg.Client({ connectionString: values.url });
  await admin.connect();
  const variants: Variant[] = [];
  if (values.baseline) {
    const base = (await import(`${values.baseline}/packages/core/src/index.ts`)) as {
      createGuichet: typeof createGuichet;
    };
    variants.push({
      name: 'baseline',
      guichet: await base.createGuichet({ database: { url: values.url }, scheduler: { enabled: false } }),
    });
  }
  variants.push({
    name: values.baseline ? 'this' : '',
    guichet: await createGuichet({ database: { url: values.url }, scheduler: { enabled: false } }),
  });
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
    const cells: [string, Op][] = [
      ['search', (g, n) => g.knowledgeBase.search(caller, { q: QUERIES[n % QUERIES.length]!, limit: 10 })],
      [
        'suggestions',
        (g, n) =>
          g.knowledgeBase.suggest(caller, {
            title: QUERIES[n % QUERIES.length]!,
            description: 'Bonjour, depuis ce matin cela ne fonctionne plus, pouvez-vous regarder ?',
            limit: 5,
          }),
      ],
    ];
    // Warm-up: the first calls pay for plans and caches.
    for (const [, op] of cells)
      for (const v of variants)
        for (let i = 0; i < QUERIES.length; i++) await op(v.guichet, i).catch(() => {});
    if (values.trace) await trace(admin, variants, cells);
    const label = (v: Variant) => (v.name ? ` (${v.name})` : '');
    console.log(
      `| articles | tickets | operation | clients | ops/s | p50 ms | p95 ms | p99 ms | errors |\n| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |`,
    );
    for (const clients of values.clients.split(',').map(Number)) {
      for (const [name, op] of cells) {
        const ops = clients === 1 ? opsPerCell / 2 : opsPerCell;
        const results = await closedLoop(clients, ops, variants, op);
        results.forEach((r, i) => {
          console.log(
            `| ${articleCount.toLocaleString('en')} | ${ticketCount.toLocaleString('en')} | ${name}${label(variants[i]!)} | ${clients} | ${r.rate.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} |`,
          );
        });
      }
    }
    await admin.query('delete from kb_suggestion where person_id = $1 and created_at >= $2', [
      requester,
      since,
    ]);
  } finally {
    for (const v of variants) await v.guichet.close();
    await admin.end();
  }
}

/**
 * Each query per operation and variant: the statements a call sends, and the server's time for
 * each read statement (`EXPLAIN (ANALYZE, BUFFERS)`, replayed in order in a transaction that is
 * rolled back, with the call's own SET statements, so that its plans are the call's).
 */
async function trace(admin: pg.Client, variants: Variant[], cells: [string, Op][]) {
  // Each call is made `repeats` times per variant, the variants alternating, and each statement's
  // server time is its least over the repeats: the machine's neighbours only ever add to it.
  const repeats = 3;
  console.log(
    '| operation | statements per call | server ms per call (planning + execution) | shared buffers per call |\n| --- | ---: | ---: | ---: |',
  );
  const shapes: string[] = [];
  for (const [name, op] of cells) {
    const totals = variants.map(() => ({ statements: 0, server: 0, buffers: 0 }));
    const byShape = variants.map(() => new Map<string, { n: number; ms: number }>());
    for (let i = 0; i < QUERIES.length; i++) {
      const best = variants.map(() => [] as { shape: string; ms: number; buffers: number }[]);
      for (let r = 0; r < repeats; r++) {
        for (let k = 0; k < variants.length; k++) {
          const v = (k + r) % variants.length;
          sent.length = 0;
          recording = true;
          try {
            await op(variants[v]!.guichet, i);
          } finally {
            recording = false;
          }
          const statements = await explainAll(admin, [...sent]);
          const kept = best[v]!;
          statements.forEach((s, j) => {
            const b = kept[j];
            if (!b) kept[j] = s;
            else if (s.ms < b.ms) kept[j] = { ...b, ms: s.ms, buffers: s.buffers };
          });
        }
      }
      best.forEach((statements, v) => {
        totals[v]!.statements += statements.length;
        for (const s of statements) {
          totals[v]!.server += s.ms;
          totals[v]!.buffers += s.buffers;
          const entry = byShape[v]!.get(s.shape) ?? { n: 0, ms: 0 };
          entry.n += 1;
          entry.ms += s.ms;
          byShape[v]!.set(s.shape, entry);
        }
      });
    }
    const n = QUERIES.length;
    variants.forEach((v, k) => {
      const who = v.name ? ` (${v.name})` : '';
      const t = totals[k]!;
      console.log(
        `| ${name}${who} | ${(t.statements / n).toFixed(1)} | ${(t.server / n).toFixed(2)} | ${(t.buffers / n).toFixed(0)} |`,
      );
      for (const [shape, e] of byShape[k]!)
        shapes.push(`  ${name}${who}: ${(e.n / n).toFixed(2)} × ${(e.ms / e.n).toFixed(2)} ms  ${shape}`);
    });
  }
  console.log(`\nper statement (calls per operation × mean server ms):\n${shapes.join('\n')}\n`);
}

/**
 * The statements of one call replayed in order in a transaction that is rolled back: SET ones run,
 * read ones explained (planning + execution time, shared buffers), the others counted only.
 */
async function explainAll(admin: pg.Client, statements: { text: string; values: unknown[] }[]) {
  const out: { shape: string; ms: number; buffers: number }[] = [];
  await admin.query('begin');
  try {
    for (const s of statements) {
      const text = s.text.replace(/^\/\*prepared\*\/ /, '');
      const shape = text.replace(/\s+/g, ' ').trim().slice(0, 70);
      let ms = 0;
      let buffers = 0;
      if (/^\s*set\s/i.test(text)) {
        await admin.query(text, s.values);
      } else if (/^\s*(select|with)\s/i.test(text) && !/\b(insert|update|delete)\s/i.test(text)) {
        const [plan] = (await admin.query(`explain (analyze, buffers, format json) ${text}`, s.values))
          .rows[0]['QUERY PLAN'] as {
          'Planning Time': number;
          'Execution Time': number;
          Plan: Record<string, number>;
          Planning?: Record<string, number>;
        }[];
        ms = plan!['Planning Time'] + plan!['Execution Time'];
        buffers =
          (plan!.Plan['Shared Hit Blocks'] ?? 0) +
          (plan!.Plan['Shared Read Blocks'] ?? 0) +
          (plan!.Planning?.['Shared Hit Blocks'] ?? 0) +
          (plan!.Planning?.['Shared Read Blocks'] ?? 0);
      }
      out.push({ shape, ms, buffers });
    }
  } finally {
    await admin.query('rollback');
  }
  return out;
}

/**
 * `clients` closed-loop callers sharing `ops` calls; with several variants each call is made on
 * each variant in turn, the order alternating from call to call.
 */
async function closedLoop(clients: number, ops: number, variants: Variant[], op: Op) {
  const times = variants.map((): number[] => []);
  const errors = variants.map(() => 0);
  const spent = variants.map(() => 0);
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let n = next++; n < ops; n = next++) {
        for (let k = 0; k < variants.length; k++) {
          const i = (n + k) % variants.length;
          const t = performance.now();
          try {
            await op(variants[i]!.guichet, n);
          } catch {
            // A statement timeout (UNAVAILABLE) counts as an error, timed like the others.
            errors[i]! += 1;
          }
          const took = performance.now() - t;
          times[i]!.push(took);
          spent[i]! += took;
        }
      }
    }),
  );
  return variants.map((_v, i) => {
    const sorted = times[i]!.sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    // Calls per second of the time spent in this variant's calls (alone, with one client).
    const rate = (sorted.length * clients) / (spent[i]! / 1000);
    return { rate, p50: at(0.5), p95: at(0.95), p99: at(0.99), errors: errors[i]! };
  });
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
