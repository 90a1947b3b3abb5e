/**
 * Knowledge-base search and suggestions on a real PostgreSQL: French and English stemming without
 * accents, typos, tag synonyms, filters, cursor paging, and no leak of internal or unpublished text.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestGuichet, givenDemoCatalogue, givenPerson, type TestGuichet } from '../../testing/index.ts';
import type { PersonCaller } from '../people/authority.ts';
import type { CreateArticleInput } from './article.schemas.ts';
import type { ArticleHit } from './article.views.ts';
import { composeQuery } from './article-search.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

const text = (hit: { snippet: { text: string }[] }) => hit.snippet.map((s) => s.text).join('');

async function givenArticles() {
  guichet = await createTestGuichet();
  const g = guichet;
  const staff = await givenDemoCatalogue(g);
  const tech = await staff('scenari.tech@insa-rouen.fr');
  const moderator = await staff('scenari.moderation@insa-rouen.fr');
  const moodleModerator = await staff('moodle.moderation@insa-lyon.fr');
  const portalModerator = await staff('moderation@groupe-insa.fr');
  const admin = await staff('admin@groupe-insa.fr');
  await g.knowledgeBase.upsertTag(moderator, {
    code: 'libreoffice',
    label: 'LibreOffice',
    synonyms: ['odt', 'writer', 'open office'],
  });
  await g.knowledgeBase.upsertTag(moderator, { code: 'opale', label: 'Opale' });
  await g.knowledgeBase.upsertTag(admin, { code: 'quiz', label: 'Quiz', synonyms: ['test', 'qcm'] });
  const publish = async (
    who: PersonCaller,
    input: CreateArticleInput,
    audience: 'public' | 'requesters' | 'internal',
  ) => {
    const a = await g.knowledgeBase.create(who, input);
    return g.knowledgeBase.changeStatus(who, a.reference, { action: 'publish', audience });
  };
  const scenari = await publish(
    moderator,
    {
      title: 'Opale : la génération ODT échoue avec LibreOffice',
      summary:
        'Publier un module Opale au format traitement de texte s’arrête sur une erreur de transformation.',
      kind: 'known_error',
      symptom: 'La publication au format .odt échoue sur une erreur XSLT.',
      cause: 'Bogue de la feuille de transformation d’Opale 5.0.3.',
      solution: 'Mettre à jour Opale en 5.0.4 (livrée par Kelis).',
      services: ['scenari.opale'],
      tags: ['libreoffice', 'opale'],
    },
    'requesters',
  );
  const internal = await publish(
    moderator,
    {
      title: 'Opale : accès au serveur de recette Kelis',
      body: 'Identifiants confidentiels du serveur zanzibar pour reproduire les erreurs Opale.',
      kind: 'how_to',
      services: ['scenari'],
      tags: ['opale'],
    },
    'internal',
  );
  const draft = await g.knowledgeBase.create(tech, {
    title: 'Opale : brouillon sur la génération PDF',
    body: 'Texte provisoire mentionnant kangourou.',
    kind: 'how_to',
    services: ['scenari'],
  });
  const moodleEn = await publish(
    moodleModerator,
    {
      title: 'Quiz export fails in Moodle',
      summary: 'Exporting quizzes to XML stops with an error.',
      body: 'Use the question bank export instead of the activity backup.',
      kind: 'known_error',
      symptom: 'Exports of quizzes stop half way.',
      language: 'en',
      services: ['moodle'],
      tags: ['quiz'],
    },
    'public',
  );
  const moodleFr = await publish(
    moodleModerator,
    {
      title: 'Inscrire des étudiants à un cours Moodle',
      summary: 'Les cohortes de l’établissement donnent accès aux cours.',
      body: 'Dans les réglages du cours, ajoutez la méthode d’inscription par cohorte.',
      kind: 'how_to',
      services: ['moodle.courses'],
    },
    'public',
  );
  const portal = await publish(
    portalModerator,
    {
      title: 'Générer un export des enquêtes en ligne',
      summary: 'Les résultats d’une enquête se téléchargent au format tableur.',
      kind: 'faq',
      services: ['surveys'],
    },
    'public',
  );
  const requester = await givenPerson(g, { email: 'etudiante@insa-lyon.fr' });
  return { g, tech, moderator, admin, requester, scenari, internal, draft, moodleEn, moodleFr, portal };
}

const refs = (items: ArticleHit[]) => items.map((i) => i.reference);

describe('full-text search', () => {
  it('ignores accents and stems French and English words', async () => {
    const { g, requester, scenari, moodleEn } = await givenArticles();
    // "generation" without accent, "echouee" another form of "échoue"
    const fr = await g.knowledgeBase.search(requester, { q: 'generation echouee' });
    expect(refs(fr.items)[0]).toBe(scenari.reference);
    expect(fr.items[0]!.why).toMatchObject({ words: ['generation', 'echouee'] });
    expect(fr.items[0]!.why!.fields).toContain('title');
    // English stemming: "exporting quizzes" ~ "Quiz export"
    const en = await g.knowledgeBase.search(requester, { q: 'exporting quizzes' });
    expect(refs(en.items)[0]).toBe(moodleEn.reference);
  });

  it('ranks title over tags over summary over body', async () => {
    const { g, admin } = await givenArticles();
    const make = async (title: string, fields: Partial<CreateArticleInput>) => {
      const a = await g.knowledgeBase.create(admin, { title, kind: 'faq', services: ['bot'], ...fields });
      return a.reference;
    };
    const inBody = await make('Premier article', { body: 'Le mot ornithorynque est ici.' });
    const inSummary = await make('Deuxième article', { summary: 'Le mot ornithorynque est ici.' });
    const inTitle = await make('Ornithorynque', {});
    const found = await g.knowledgeBase.search(admin, { q: 'ornithorynque' });
    expect(refs(found.items)).toEqual([inTitle, inSummary, inBody]);
    expect(found.items.map((i) => i.why?.fields)).toEqual([['title'], ['summary'], ['body']]);
  });

  it('ignores French stop words PostgreSQL keeps ("les", "à"), which would otherwise outrank the words that matter', async () => {
    const { g, admin, requester } = await givenArticles();
    // Given an article whose title says "les" and one whose summary has the words that matter
    const withLes = await g.knowledgeBase.create(admin, {
      title: 'Je ne reçois pas les messages des forums',
      kind: 'faq',
      services: ['moodle'],
    });
    const cube = await g.knowledgeBase.create(admin, {
      title: 'Cube VR : image décalée',
      summary: 'Un mur reste noir et les lunettes 3D scintillent.',
      kind: 'known_error',
      services: ['vr-room'],
    });
    for (const a of [withLes, cube])
      await g.knowledgeBase.changeStatus(admin, a.reference, { action: 'publish', audience: 'public' });
    // When a requester types the symptom
    const s = await g.knowledgeBase.suggest(requester, {
      title: 'les lunettes 3d scintillent à chaque séance',
    });
    // Then the article with the symptom comes first, and "les" / "à" matched nothing
    expect(refs(s.articles)[0]).toBe(cube.reference);
    expect(refs(s.articles)).not.toContain(withLes.reference);
    expect(s.articles[0]!.why!.words).not.toContain('les');
    expect((await g.knowledgeBase.search(requester, { q: 'les à' })).total).toBe(0);
  });

  it('tolerates typos (trigrams) and expands tag synonyms', async () => {
    const { g, requester, scenari } = await givenArticles();
    const typo = await g.knowledgeBase.search(requester, { q: 'Opalle' });
    expect(refs(typo.items)).toEqual([scenari.reference]);
    expect(typo.items[0]!.why!.corrections).toEqual([{ typed: 'opalle', read: 'opale' }]);
    // "writer" is nowhere in the article: it is a synonym of its tag libreoffice.
    const synonym = await g.knowledgeBase.search(requester, { q: 'writer' });
    expect(refs(synonym.items)).toEqual([scenari.reference]);
    expect(synonym.items[0]!.why!.synonyms).toContainEqual({
      word: 'writer',
      tag: 'libreoffice',
      term: 'libreoffice',
    });
    // A multi-word synonym reads as a phrase.
    expect(refs((await g.knowledgeBase.search(requester, { q: 'open office' })).items)).toContain(
      scenari.reference,
    );
  });

  it('snippets are whole words from readable fields, matches marked as segments', async () => {
    const { g, requester, scenari } = await givenArticles();
    const [hit] = (await g.knowledgeBase.search(requester, { q: 'transformation' })).items;
    expect(hit!.reference).toBe(scenari.reference);
    expect(hit!.snippet.filter((s) => s.match).map((s) => s.text)).toContain('transformation');
    const snippet = text(hit!);
    expect(snippet).not.toMatch(/[\uE000\uE001]/);
    // Every word of the snippet is a whole word of the article.
    const source = `${scenari.summary} ${scenari.symptom} ${scenari.solution} ${scenari.cause}`;
    for (const word of snippet.split(/[\s…]+/).filter(Boolean)) expect(source).toContain(word);
  });

  it('never shows a requester an internal article, a draft, their snippets, nor counts them', async () => {
    const { g, requester, tech, moderator, internal, draft } = await givenArticles();
    for (const q of ['zanzibar', 'kangourou', 'confidentiels serveur recette']) {
      const page = await g.knowledgeBase.search(requester, { q });
      expect(page).toEqual({ items: [], next: null, total: 0, totalCapped: false });
      expect((await g.knowledgeBase.search('anonymous', { q })).total).toBe(0);
    }
    const everything = await g.knowledgeBase.search(requester, {});
    expect(refs(everything.items)).not.toContain(internal.reference);
    expect(refs(everything.items)).not.toContain(draft.reference);
    expect(everything.total).toBe(everything.items.length);
    expect(JSON.stringify(await g.knowledgeBase.search(requester, { q: 'Opale' }))).not.toMatch(
      /zanzibar|kangourou|recette/,
    );
    // Filters do not open a way round it.
    expect((await g.knowledgeBase.search(requester, { audience: 'internal' })).total).toBe(0);
    expect((await g.knowledgeBase.search(requester, { status: 'draft' })).total).toBe(0);
    // Staff read internal articles; the draft's writers read the draft.
    expect(refs((await g.knowledgeBase.search(moderator, { q: 'zanzibar' })).items)).toEqual([
      internal.reference,
    ]);
    expect(refs((await g.knowledgeBase.search(tech, { q: 'kangourou' })).items)).toEqual([draft.reference]);
    // Anonymous callers read only public articles.
    const anonymous = await g.knowledgeBase.search('anonymous', {});
    expect(new Set(anonymous.items.map((i) => i.audience))).toEqual(new Set(['public']));
  });

  it('filters by service (with sub-services), tag, kind, language, status and audience', async () => {
    const { g, admin, scenari, internal, draft, moodleEn, moodleFr, portal } = await givenArticles();
    const of = async (filters: Record<string, string>) =>
      refs((await g.knowledgeBase.search(admin, filters)).items).sort();
    expect(await of({ service: 'scenari' })).toEqual(
      [scenari.reference, internal.reference, draft.reference].sort(),
    );
    expect(await of({ service: 'moodle' })).toEqual([moodleEn.reference, moodleFr.reference].sort());
    expect(await of({ tag: 'quiz' })).toEqual([moodleEn.reference]);
    expect(await of({ kind: 'faq' })).toEqual([portal.reference]);
    expect(await of({ language: 'en' })).toEqual([moodleEn.reference]);
    expect(await of({ status: 'draft' })).toEqual([draft.reference]);
    expect(await of({ audience: 'requesters' })).toEqual([scenari.reference]);
    expect(await of({ q: 'opale', audience: 'internal', status: 'published' })).toEqual([internal.reference]);
  });

  it('pages with a cursor, each result once, with or without a query', async () => {
    const { g, admin } = await givenArticles();
    for (const q of [undefined, 'opale moodle enquete cours export']) {
      const all = await g.knowledgeBase.search(admin, { ...(q ? { q } : {}), limit: 100 });
      const seen: string[] = [];
      let after: string | undefined;
      do {
        const page = await g.knowledgeBase.search(admin, {
          ...(q ? { q } : {}),
          limit: 2,
          ...(after ? { after } : {}),
        });
        seen.push(...refs(page.items));
        after = page.next ?? undefined;
      } while (after);
      expect(seen).toEqual(refs(all.items));
      expect(seen.length).toBeGreaterThan(2);
    }
    // A cursor of another query is refused.
    const page = await g.knowledgeBase.search(admin, { q: 'opale', limit: 1 });
    await expect(g.knowledgeBase.search(admin, { q: 'moodle', after: page.next! })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'after', rule: 'field.not_a_cursor' }] },
    });
  });
});

describe('suggestions before a ticket', () => {
  it('a requester of another establishment typing the problem in other words gets the Scenari article in the top three', async () => {
    const { g, requester, scenari, internal } = await givenArticles();
    for (const description of [
      'la génération des fichiers odt échoue avec Opale',
      'la generation des fichiers odt echoue avec Opalle',
      'Impossible de générer mon cours en .odt, ça plante (Opale)',
    ]) {
      const s = await g.knowledgeBase.suggest(requester, { title: '', description });
      expect(refs(s.articles).slice(0, 3), description).toContain(scenari.reference);
      expect(refs(s.articles)).not.toContain(internal.reference);
      const hit = s.articles.find((a) => a.reference === scenari.reference)!;
      expect(hit.why!.words.length).toBeGreaterThan(0);
    }
  });

  it('shows the similar open tickets the person may see (their own), records what was shown, and the deflection', async () => {
    const { g, requester, scenari, moderator } = await givenArticles();
    const mine = await g.tickets.create(requester, {
      title: 'Export ODT impossible dans Opale',
      description: 'La génération échoue encore',
      service: 'scenari',
    });
    const other = await givenPerson(g, { email: 'autre@insa-lyon.fr' });
    const theirs = await g.tickets.create(other, {
      title: 'Génération ODT Opale en erreur',
      description: 'Même problème de génération',
      service: 'scenari',
    });
    const s = await g.knowledgeBase.suggest(requester, {
      title: 'Génération ODT en échec',
      description: 'Opale',
      service: 'scenari',
    });
    expect(s.tickets.map((t) => t.reference)).toEqual([mine.reference]);
    expect(s.tickets[0]!.why.fields).toContain('title');
    expect(JSON.stringify(s)).not.toContain(theirs.reference);
    // The moderator of Scenari sees both as possible duplicates.
    const forModerator = await g.knowledgeBase.suggest(moderator, {
      title: 'Génération ODT',
      service: 'scenari',
    });
    expect(forModerator.tickets.map((t) => t.reference).sort()).toEqual(
      [mine.reference, theirs.reference].sort(),
    );
    // Deflection: only by the person it was shown to, naming an article that was shown.
    await expect(g.knowledgeBase.deflect(other, s.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await g.knowledgeBase.deflect(requester, s.id, { article: scenari.reference });
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: g.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        `select s.text, s.article_ids, s.deflected_at is not null as deflected, a.reference
           from kb_suggestion s left join article a on a.id = s.deflected_by_id where s.id = $1`,
        [s.id],
      );
      expect(rows[0]).toMatchObject({ deflected: true, reference: scenari.reference });
      expect(rows[0].article_ids).toContain(scenari.id);
      expect(rows[0].text).toContain('Génération ODT en échec');
    } finally {
      await client.end();
    }
  });

  it('for a ticket a technician works on: articles, internal ones included, and similar resolved tickets', async () => {
    const { g, tech, moderator, internal } = await givenArticles();
    await givenPerson(g, { email: 'prof@insa-rouen.fr' });
    const solved = await g.tickets.create(moderator, {
      requester: 'prof@insa-rouen.fr',
      title: 'Opale : génération ODT en erreur',
      description: 'Erreur de transformation',
      service: 'scenari',
    });
    await g.tickets.act(tech, solved.reference, {
      action: 'resolve',
      service: 'scenari',
      solution: 'Mise à jour 5.0.4',
    });
    const current = await g.tickets.create(moderator, {
      requester: 'prof@insa-rouen.fr',
      title: 'Génération ODT Opale',
      description: 'Encore une erreur de transformation avec Opale',
      service: 'scenari',
    });
    const s = await g.knowledgeBase.suggest(tech, { ticket: current.reference });
    expect(s.tickets.map((t) => t.reference)).toEqual([solved.reference]);
    expect(refs(s.articles)).toContain(internal.reference);
  });
});

describe('search at scale (thousands of articles of common words)', () => {
  /** Loads articles in bulk, as the benchmark does, and refreshes the statistics the search reads. */
  async function givenManyArticles(g: TestGuichet, ownerId: string) {
    const db = new pg.Client({ connectionString: g.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `insert into article (id, created_at, updated_at, reference, title, summary, body, kind, language,
                              service_ids, tags, audience, status, owner_id, published_at, revision, version)
         select gen_random_uuid(), now(), now(), 'KB-9' || lpad(i::text, 5, '0'),
                case when i <= 3000 then 'Le portail affiche une erreur de connexion'
                     else 'Erreur de connexion à la messagerie' end,
                'Une erreur après la mise à jour', 'Se reconnecter plus tard. Fiche ' || i, 'faq', 'fr',
                '{}', '{}', case when i % 2 = 0 and i <= 3000 then 'internal' else 'requesters' end,
                'published', $1, now(), 1, 1
           from generate_series(1, 4000) as i`,
        [ownerId],
      );
      await db.query('analyze article');
    } finally {
      await db.end();
    }
  }

  it('ranks the rare words’ articles and the common words together, never what the person may not read', async () => {
    const { g, moderator, requester, scenari, internal } = await givenArticles();
    await givenManyArticles(guichet!, moderator.personId);
    // A rare word among common ones: the article that has it comes first.
    const rare = await g.knowledgeBase.search(requester, { q: 'opale génération portail' });
    expect(refs(rare.items)[0]).toBe(scenari.reference);
    // Common words only: the articles that have them together, not every article with one of them
    // (the 1,000 about the mail have "connexion" but not "portail"), and never an internal one.
    const common = await g.knowledgeBase.search(requester, { q: 'portail connexion', limit: 50 });
    expect(common.items.length).toBe(50);
    expect(common.items.every((i) => i.audience !== 'internal' && i.title.includes('portail'))).toBe(true);
    // 1,500 readable ones have both words; the search ranks 500 of them and says there are more.
    expect(common.total).toBe(500);
    expect(common.totalCapped).toBe(true);
    const next = await g.knowledgeBase.search(requester, {
      q: 'portail connexion',
      limit: 50,
      after: common.next!,
    });
    expect(refs(next.items).some((r) => refs(common.items).includes(r))).toBe(false);
    // A word no article has, with common ones, still finds the common ones.
    const absent = await g.knowledgeBase.search(requester, { q: 'zorglub portail connexion' });
    expect(absent.items.length).toBeGreaterThan(0);
    // Suggestions take the same path, and never offer the internal article.
    const shown = await g.knowledgeBase.suggest(requester, {
      title: 'Erreur de connexion au portail',
      description: 'Bonjour, depuis ce matin le portail affiche une erreur, pouvez-vous regarder ?',
    });
    expect(shown.articles.length).toBeGreaterThan(0);
    expect(shown.articles.some((a) => a.audience === 'internal' || a.reference === internal.reference)).toBe(
      false,
    );
  });
});

describe('queries parsed without a statement of their own', () => {
  it('compose what to_tsquery reads, stop words and phrase distances included, and rank alike', async () => {
    // Given the word forms PostgreSQL gives (as the plan statement reads them)
    guichet = await createTestGuichet();
    const db = new pg.Client({ connectionString: guichet.databaseUrl });
    await db.connect();
    try {
      const texts = [
        '(la) | (generation) | (des) | (fichiers) | (odt | libreoffice | (open <-> office)) | (echoue)',
        '(opale) | (kelis)',
        '(echoue) & (generation) & (fichiers)',
        '(la) & (des) & (portail)',
        '(la)',
        '(le <-> la)',
        '(des <-> fichiers <-> la <-> des <-> odt)',
        '(mise <-> a <-> jour) | (the <-> file <-> of <-> the)',
        '(the) | (a) | (of)',
        '(ecoles | ecole) & (les | la) & (inscriptions)',
        '',
      ];
      const all = [...new Set(texts.flatMap((t) => t.match(/[\p{L}\p{N}]+/gu) ?? []))];
      const { rows } = await db.query<{ w: string; fr: string; en: string }>(
        `select w, to_tsquery('fr_unaccent', w)::text as fr, to_tsquery('en_unaccent', w)::text as en
           from unnest($1::text[]) as w`,
        [all],
      );
      const forms = new Map(
        rows.map((r) => [
          r.w,
          { fr_unaccent: { query: r.fr, lexemes: [] }, en_unaccent: { query: r.en, lexemes: [] } },
        ]),
      );
      const document =
        'La génération des fichiers ODT échoue : mise à jour du fichier de la plateforme, open office, les écoles et leurs inscriptions.';
      for (const config of ['fr_unaccent', 'en_unaccent'] as const) {
        for (const text of texts) {
          // When it is composed here
          const here = composeQuery(text, config, forms);
          expect(here, text).toBeDefined();
          // Then PostgreSQL reads the same query, and ranks a document alike with it
          const [row] = (
            await db.query(
              `select to_tsquery($1::regconfig, $2)::text as pg, $3::tsquery::text as here,
                      ts_rank('{0.1, 0.2, 0.4, 1.0}', to_tsvector($1::regconfig, $4), to_tsquery($1::regconfig, $2)) as pg_rank,
                      ts_rank('{0.1, 0.2, 0.4, 1.0}', to_tsvector($1::regconfig, $4), $3::tsquery) as rank`,
              [config, text, here, document],
            )
          ).rows;
          expect(row.here, `${config} ${text}`).toBe(row.pg);
          expect(row.rank, `${config} ${text}`).toBe(row.pg_rank);
        }
      }
      // A word PostgreSQL does not read as one lexeme is left to PostgreSQL.
      const odd = new Map([
        [
          'xy',
          { fr_unaccent: { query: "'x' <-> 'y'", lexemes: [] }, en_unaccent: { query: "'xy'", lexemes: [] } },
        ],
      ]);
      expect(composeQuery('(xy)', 'fr_unaccent', odd)).toBeUndefined();
      expect(composeQuery('(xy)', 'en_unaccent', odd)).toBe("'xy'");
      expect(composeQuery('(unknown)', 'en_unaccent', odd)).toBeUndefined();
    } finally {
      await db.end();
    }
  });
});
