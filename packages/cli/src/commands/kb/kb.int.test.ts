/**
 * `guichet kb` as a user runs it: separate processes (bin/run.js) against a real API server on a
 * loopback port over a real PostgreSQL.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '@guichet/api';
import { createTestGuichet, givenDemoCatalogue } from '@guichet/core/testing';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 240_000 });

const BIN = fileURLToPath(new URL('../../../bin/run.js', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function given() {
  const g = await createTestGuichet();
  cleanups.push(() => g.dispose());
  await givenDemoCatalogue(g);
  await g.catalogue.upsertPerson({ email: 'enseignante@insa-rouen.fr', displayName: 'Enseignante' });
  const server = serve({ fetch: createApp(g).fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  cleanups.push(() => new Promise<void>((ok) => server.close(() => ok())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'guichet-kb-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const token = async (person: string) =>
    (await g.tokens.create({ person, name: 'kb test', scopes: ['read', 'write'] }, 'local')).token;
  const tokens = {
    tech: await token('scenari.tech@insa-rouen.fr'),
    moderator: await token('scenari.moderation@insa-rouen.fr'),
    requester: await token('enseignante@insa-rouen.fr'),
  };
  const guichet = (as: keyof typeof tokens, args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [BIN, ...args],
        {
          env: {
            PATH: process.env.PATH,
            HOME: dir,
            GUICHET_CONFIG_DIR: dir,
            GUICHET_URL: url,
            GUICHET_TOKEN: tokens[as],
            LANG: 'fr_FR.UTF-8',
          },
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ).stdin?.end('');
    });
  const http = async (as: keyof typeof tokens, method: string, path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${tokens[as]}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return res.json() as Promise<{ reference: string }>;
  };
  return { guichet, http, dir };
}

describe('guichet kb', () => {
  it('from a resolved ticket to a draft; create from a file, publish, search, show', async () => {
    const { guichet, http, dir } = await given();
    // Given a resolved Scenari ticket
    const ticket = await http('moderator', 'POST', '/v1/tickets', {
      requester: 'enseignante@insa-rouen.fr',
      title: 'La génération .odt échoue dans Opale',
      description: 'La publication ODT s’arrête sur une erreur de transformation.',
      service: 'scenari',
      subService: 'scenari.opale',
      channel: 'email',
    });
    await http('tech', 'POST', `/v1/tickets/${ticket.reference}/actions/resolve`, {
      service: 'scenari',
      subService: 'scenari.opale',
      solution: 'Mise à jour Opale 5.0.4 par Kelis',
    });
    // When the technician writes the article from it
    const drafted = await guichet('tech', ['kb', 'from-ticket', ticket.reference, '--json']);
    expect(drafted.code, drafted.stderr).toBe(0);
    expect(JSON.parse(drafted.stdout)).toMatchObject({
      status: 'draft',
      kind: 'known_error',
      linkedTickets: [ticket.reference],
    });

    // A file with a mistake is refused with its place; the fixed one becomes a draft
    const file = join(dir, 'vpn.md');
    await writeFile(file, '---\ntitle: Opale et l’export PDF\nkind: how_to\ntag: [pdf]\n---\n# Exporter\n');
    const bad = await guichet('tech', ['kb', 'create', '-f', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${file}:4:1 : « tag » : clé inconnue`);
    await writeFile(
      file,
      '---\ntitle: Opale et l’export PDF\nkind: how_to\nservices: [scenari]\nsummary: Exporter une publication Opale en PDF\n---\n# Exporter\n\nMenu **Publier**, puis PDF.\n',
    );
    const created = await guichet('tech', ['kb', 'create', '-f', file, '--json']);
    expect(created.code, created.stderr).toBe(0);
    const reference = JSON.parse(created.stdout).reference as string;

    // Then the moderator publishes it, it is found and shown
    const published = await guichet('moderator', ['kb', 'publish', reference, '--json']);
    expect(published.code, published.stderr).toBe(0);
    expect(JSON.parse(published.stdout)).toMatchObject({ status: 'published' });
    const found = await guichet('tech', ['kb', 'search', 'opale pdf', '--status', 'published', '--json']);
    expect(found.code, found.stderr).toBe(0);
    expect(JSON.parse(found.stdout).items.map((i: { reference: string }) => i.reference)).toContain(
      reference,
    );
    const table = await guichet('tech', ['kb', 'search', 'opale']);
    expect(table.stdout).toMatch(/^RÉF\s+STATUT/);
    const shown = await guichet('tech', ['kb', 'show', reference]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`Article       ${reference}  Opale et l’export PDF`);
    expect(shown.stdout).toContain('EXPORTER\n════════');
    expect(shown.stdout).toMatch(/^Statut\s+publié/m);
    expect(shown.stdout).toMatch(/^Genre\s+mode opératoire$/m);
    const history = await guichet('tech', ['kb', 'history', reference, '--json']);
    expect(JSON.parse(history.stdout).map((r: { action: string }) => r.action)).toEqual([
      'published',
      'created',
    ]);
    // An earlier revision comes back as a new one
    const restored = await guichet('moderator', ['kb', 'restore', reference, '1', '--json']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout).revision).toBeGreaterThan(2);
  });

  it('export → apply is a no-op; a changed file plans an update (exit 2), a new one a create', async () => {
    const { guichet, http, dir } = await given();
    const first = await http('tech', 'POST', '/v1/articles', {
      title: 'Opale : l’export ODT échoue',
      kind: 'known_error',
      services: ['scenari'],
      symptom: 'La génération .odt s’arrête',
      solution: 'Mettre Opale à jour (5.0.4)',
      body: '## Détails\n\nVoir la note de Kelis.\n',
      reviewBy: '2027-06-30T00:00:00.000Z',
    });
    await http('tech', 'POST', '/v1/articles', {
      title: 'Scenari : installer',
      kind: 'how_to',
      services: ['scenari'],
    });
    const kb = join(dir, 'kb');

    const exported = await guichet('moderator', ['kb', 'export', kb]);
    expect(exported.code, exported.stderr).toBe(0);
    expect((await readdir(kb)).sort()).toContain(`${first.reference}.md`);
    const noop = await guichet('moderator', ['kb', 'apply', kb, '--dry-run']);
    expect(noop, noop.stdout).toMatchObject({ code: 0, stdout: '' });
    expect(noop.stderr).toMatch(/aucun changement/);
    expect((await guichet('moderator', ['kb', 'apply', kb])).code).toBe(0);

    // A changed file and a new one
    const path = join(kb, `${first.reference}.md`);
    await writeFile(
      path,
      (await readFile(path, 'utf8')).replace('Voir la note de Kelis.', 'Voir la note 12 de Kelis.'),
    );
    await writeFile(join(kb, 'nouveau.md'), '---\ntitle: Scenari et LibreOffice\nkind: faq\n---\nOui.\n');
    const plan = await guichet('moderator', ['kb', 'apply', kb, '--dry-run', '--json']);
    expect(plan.code, plan.stderr).toBe(2);
    expect(JSON.parse(plan.stdout).files.filter((f: { op: string }) => f.op !== 'unchanged')).toEqual([
      expect.objectContaining({
        op: 'update',
        reference: first.reference,
        fields: [expect.objectContaining({ field: 'body' })],
      }),
      expect.objectContaining({ op: 'create', file: join(kb, 'nouveau.md') }),
    ]);
    const applied = await guichet('moderator', ['kb', 'apply', kb]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await readFile(join(kb, 'nouveau.md'), 'utf8')).toMatch(/^---\nreference: KB-\d+\n/);
    expect((await guichet('moderator', ['kb', 'apply', kb, '--dry-run'])).code).toBe(0);

    // Every error of every file at once, nothing sent
    await writeFile(join(kb, 'a-faux.md'), '---\ntitle: [x\n---\n');
    await writeFile(join(kb, 'b-faux.md'), '---\nkind: faq\nservise: x\n---\n');
    const broken = await guichet('moderator', ['kb', 'apply', kb, '--dry-run']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/erreur\(s\) dans 2 fichier\(s\), rien n’a été modifié/);
    expect(broken.stderr).toContain(`${join(kb, 'b-faux.md')}:3:1 : « servise » : clé inconnue`);
    expect(broken.stderr).toContain(`${join(kb, 'a-faux.md')}:2:`);

    // The server's refusals come back at their place in the file; the other files are applied
    await rm(join(kb, 'a-faux.md'));
    await rm(join(kb, 'b-faux.md'));
    await writeFile(join(kb, 'c.md'), '---\ntitle: Guide\nkind: tutoriel\n---\nTexte\n');
    const refused = await guichet('moderator', ['kb', 'apply', kb]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /1 erreur\(s\) dans 1 fichier\(s\) ; les autres fichiers ont été appliqués/,
    );
    expect(refused.stderr).toContain(`${join(kb, 'c.md')}:3:7 : « kind »`);
  });

  it('submit, return-to-draft, delete (asks, --yes), vote: each refusal one line, exit 1', async () => {
    const { guichet, http } = await given();
    const draft = await http('tech', 'POST', '/v1/articles', {
      title: 'Scenari : installer le client',
      kind: 'how_to',
      services: ['scenari'],
    });

    // The writer submits the draft; only a moderator sends it back, and only at its version
    const submitted = await guichet('tech', ['kb', 'submit', draft.reference, '--comment', 'Prêt', '--json']);
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(JSON.parse(submitted.stdout)).toMatchObject({ status: 'in_review' });
    const forbidden = await guichet('tech', ['kb', 'return-to-draft', draft.reference]);
    expect(forbidden).toMatchObject({ code: 1, stdout: '' });
    expect(forbidden.stderr).toMatch(/^guichet: Action non autorisée: .*remettre en brouillon[^\n]*\n$/);
    const stale = await guichet('moderator', ['kb', 'return-to-draft', draft.reference, '--if-match', '1']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^guichet: Version périmée: If-Match "v1" ne correspond pas/);
    const returned = await guichet('moderator', ['kb', 'return-to-draft', draft.reference]);
    expect(returned.code, returned.stderr).toBe(0);
    expect(returned.stdout).toMatch(/^Statut\s+brouillon/m);

    // A draft is deleted with --yes only when there is no terminal to ask on
    const unasked = await guichet('tech', ['kb', 'delete', draft.reference]);
    expect(unasked.code).toBe(3);
    expect(unasked.stderr).toContain('--yes');
    expect((await guichet('tech', ['kb', 'show', draft.reference])).code).toBe(0);
    const deleted = await guichet('tech', ['kb', 'delete', draft.reference, '--yes']);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stderr).toBe(`brouillon ${draft.reference} supprimé\n`);
    const gone = await guichet('tech', ['kb', 'show', draft.reference]);
    expect(gone.code).toBe(1);
    const unknown = await guichet('tech', ['kb', 'delete', 'KB-999999', '--yes']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^guichet: Introuvable: L’article « KB-999999 » n’existe pas[^\n]*\n$/);

    // A published article is not deleted (archived instead); requesters vote on it
    const faq = await http('tech', 'POST', '/v1/articles', {
      title: 'Scenari : où trouver Opale',
      kind: 'faq',
      services: ['scenari'],
    });
    expect(
      (await guichet('moderator', ['kb', 'publish', faq.reference, '--audience', 'requesters'])).code,
    ).toBe(0);
    const published = await guichet('tech', ['kb', 'delete', faq.reference, '--yes']);
    expect(published.code).toBe(1);
    expect(published.stderr).toMatch(/^guichet: Action impossible dans cet état/);
    expect((await guichet('tech', ['kb', 'show', faq.reference])).code).toBe(0);
    const helpful = await guichet('requester', ['kb', 'vote', faq.reference, '--helpful']);
    expect(helpful.code, helpful.stderr).toBe(0);
    expect(helpful.stdout).toBe(`${faq.reference} : 1 utile, 0 pas utile ; votre vote : utile\n`);
    const changed = await guichet('requester', ['kb', 'vote', faq.reference, '--not-helpful', '--json']);
    expect(JSON.parse(changed.stdout).votes).toEqual({ helpful: 0, notHelpful: 1, mine: 'not_helpful' });
    const none = await guichet('requester', ['kb', 'vote', faq.reference]);
    expect(none.code).toBe(3);
    const hidden = await guichet('requester', ['kb', 'vote', 'KB-999999', '--helpful']);
    expect(hidden.code).toBe(1);
  });

  it('tags and tags set, suggest (as described, for a ticket), deflect, linked, search --after', async () => {
    const { guichet, http } = await given();
    // The vocabulary: moderators write it, technicians read it
    const set = await guichet('moderator', [
      'kb',
      'tags',
      'set',
      'libreoffice',
      '--label',
      'LibreOffice',
      '--synonym',
      'traitement de texte',
      '--synonym',
      'writer',
      '--json',
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({
      code: 'libreoffice',
      label: 'LibreOffice',
      synonyms: ['traitement de texte', 'writer'],
    });
    const refused = await guichet('tech', ['kb', 'tags', 'set', 'odt', '--label', 'ODT']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^guichet: .*modérateurs[^\n]*\n$/);
    const tags = await guichet('tech', ['kb', 'tags']);
    expect(tags.code, tags.stderr).toBe(0);
    expect(tags.stdout).toMatch(/^CODE\s+LIBELLÉ\s+SYNONYMES$/m);
    expect(tags.stdout).toMatch(/^libreoffice\s+LibreOffice\s+traitement de texte, writer$/m);
    expect(tags.stdout).not.toMatch(/^odt/m);

    // Two published articles about Opale
    const references: string[] = [];
    for (const title of ['Opale : l’export ODT échoue', 'Opale : exporter en PDF']) {
      const article = await http('tech', 'POST', '/v1/articles', {
        title,
        kind: 'how_to',
        services: ['scenari'],
        tags: ['libreoffice'],
        summary: `${title}, pas à pas`,
      });
      await http('moderator', 'POST', `/v1/articles/${article.reference}/actions/publish`, {
        audience: 'requesters',
      });
      references.push(article.reference);
    }

    // Suggestions for a request as it would be written, with why each matched
    const suggested = await guichet('requester', [
      'kb',
      'suggest',
      '--title',
      'export odt opale',
      '--service',
      'scenari',
      '--json',
    ]);
    expect(suggested.code, suggested.stderr).toBe(0);
    const suggestions = JSON.parse(suggested.stdout);
    expect(suggestions.articles[0]).toMatchObject({ reference: references[0] });
    expect(suggestions.articles[0].why.fields).toContain('title');
    const table = await guichet('requester', ['kb', 'suggest', '--title', 'export odt opale']);
    expect(table.stdout).toMatch(/^Articles\nRÉF\s+GENRE\s+TITRE\s+POURQUOI$/m);
    expect(table.stdout).toMatch(/^Tickets semblables$/m);
    expect(table.stderr).toMatch(/guichet kb deflect [0-9a-f-]{36} --article RÉF/);
    const deflected = await guichet('requester', [
      'kb',
      'deflect',
      suggestions.id,
      '--article',
      references[0]!,
    ]);
    expect(deflected.code, deflected.stderr).toBe(0);
    const unknownSuggestion = await guichet('requester', ['kb', 'deflect', crypto.randomUUID()]);
    expect(unknownSuggestion.code).toBe(1);
    expect(unknownSuggestion.stderr).toMatch(/^guichet: Introuvable: Ces suggestions n’existent pas/);
    expect((await guichet('requester', ['kb', 'suggest'])).code).toBe(3);

    // A resolved ticket: its draft is linked to it, suggestions for it include solved tickets
    const ticket = await http('moderator', 'POST', '/v1/tickets', {
      requester: 'enseignante@insa-rouen.fr',
      title: 'Export ODT impossible depuis Opale',
      description: 'La génération ODT échoue.',
      service: 'scenari',
      subService: 'scenari.opale',
      channel: 'email',
    });
    await http('tech', 'POST', `/v1/tickets/${ticket.reference}/actions/resolve`, {
      service: 'scenari',
      subService: 'scenari.opale',
      solution: 'Mise à jour Opale 5.0.4 par Kelis',
    });
    const drafted = JSON.parse(
      (await guichet('tech', ['kb', 'from-ticket', ticket.reference, '--json'])).stdout,
    );
    const linked = await guichet('tech', ['kb', 'linked', ticket.reference, '--json']);
    expect(linked.code, linked.stderr).toBe(0);
    expect(JSON.parse(linked.stdout).map((a: { reference: string }) => a.reference)).toEqual([
      drafted.reference,
    ]);
    expect((await guichet('tech', ['kb', 'linked', ticket.reference])).stdout).toMatch(
      new RegExp(`^${drafted.reference}\\s+brouillon\\s+erreur connue`, 'm'),
    );
    expect((await guichet('tech', ['kb', 'linked', 'GU-2026-999999'])).code).toBe(1);
    const forTicket = await guichet('tech', ['kb', 'suggest', '--ticket', ticket.reference]);
    expect(forTicket.code, forTicket.stderr).toBe(0);
    expect(forTicket.stdout).toMatch(/^Tickets semblables déjà résolus$/m);
    expect(forTicket.stdout).toContain(references[0]);
    const unknownTicket = await guichet('tech', ['kb', 'suggest', '--ticket', 'GU-2026-999999']);
    expect(unknownTicket.code).toBe(1);
    expect(unknownTicket.stderr).toMatch(/^guichet: Ticket introuvable: Le ticket GU-2026-999999/);

    // Search pages with a cursor, said on stderr
    const first = await guichet('tech', ['kb', 'search', 'opale', '--status', 'published', '--limit', '1']);
    expect(first.code, first.stderr).toBe(0);
    const cursor = /page suivante : --after (\S+)/.exec(first.stderr)?.[1];
    expect(cursor, first.stderr).toBeDefined();
    const second = await guichet('tech', [
      'kb',
      'search',
      'opale',
      '--status',
      'published',
      '--limit',
      '1',
      '--after',
      cursor!,
      '--json',
    ]);
    expect(second.code, second.stderr).toBe(0);
    const pages = [first.stdout, JSON.parse(second.stdout).items[0].reference as string];
    expect(references.filter((r) => pages.some((p) => p.includes(r)))).toHaveLength(2);
  });
});
