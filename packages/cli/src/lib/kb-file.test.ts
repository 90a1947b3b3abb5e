import { describe, expect, it, vi } from 'vitest';
import {
  type Article,
  articleToFile,
  parseArticleFile,
  planFile,
  renderKbPlan,
  withReference,
} from './kb-file.ts';

vi.stubEnv('GUICHET_LANG', 'fr');

const anArticle = (over: Partial<Article> = {}): Article => ({
  id: '00000000-0000-4000-8000-000000000001',
  reference: 'KB-000042',
  title: 'Opale : l’export ODT échoue',
  summary: 'Mettre Opale à jour',
  body: '# Cause\n\nUne version ancienne.\n\n- installer 5.0.4',
  bodyHtml: '',
  kind: 'known_error',
  symptom: 'La génération .odt s’arrête',
  cause: null,
  workaround: null,
  solution: 'Opale 5.0.4',
  html: { symptom: null, cause: null, workaround: null, solution: null },
  language: 'fr',
  translation: null,
  services: ['scenari'],
  tags: ['libreoffice'],
  audience: 'internal',
  status: 'published',
  owner: {
    id: '00000000-0000-4000-8000-000000000002',
    email: 'scenari.tech@insa-rouen.fr',
    displayName: 'T',
  },
  reviewers: [],
  linkedTickets: ['GU-2026-000001'],
  linkedProblem: null,
  reviewBy: '2027-01-01T00:00:00.000Z',
  publishedAt: null,
  revision: 3,
  version: 3,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  votes: { helpful: 0, notHelpful: 0, mine: null },
  actions: [],
  ...over,
});

describe('article files (Markdown with YAML front matter)', () => {
  it('reads the metadata and the body; a new file needs title and kind', () => {
    const file = parseArticleFile(
      'vpn.md',
      '---\ntitle: VPN\nkind: how_to\ntags: [vpn]\n---\n# Installer\n\nTexte\n',
    );
    expect(file.errors).toEqual([]);
    expect(file.reference).toBeNull();
    expect(file.fields).toEqual({
      title: 'VPN',
      kind: 'how_to',
      tags: ['vpn'],
      body: '# Installer\n\nTexte',
    });
  });

  it('lists every error of the file at once, each at its line and column in the file', () => {
    const file = parseArticleFile(
      'bad.md',
      '---\ntitle: VPN\ntags: vpn\nservise: [scenari]\nsymptom: [1]\n---\nCorps\n',
    );
    expect(file.errors).toEqual([
      { line: 3, column: 7, message: '« tags » : une liste de textes attendu' },
      { line: 4, column: 1, message: '« servise » : clé inconnue' },
      { line: 5, column: 10, message: '« symptom » : un texte ou null attendu' },
      { line: 2, column: 1, message: '« kind » manquant (obligatoire pour un nouvel article)' },
    ]);
  });

  it('reports YAML syntax errors at their place, and a file without front matter', () => {
    const broken = parseArticleFile('b.md', '---\ntitle: VPN\nkind: [how_to\n---\nx');
    expect(broken.errors.length).toBeGreaterThan(0);
    expect(broken.errors[0]!.line).toBeGreaterThanOrEqual(3);
    expect(parseArticleFile('n.md', '# Juste du Markdown').errors).toEqual([
      { line: 1, column: 1, message: expect.stringMatching(/commencer par « --- »/) },
    ]);
    expect(parseArticleFile('u.md', '---\ntitle: x\n').errors[0]!.message).toMatch(/non fermées/);
  });

  it('places a server field error (tags.1, body) in the file', () => {
    const file = parseArticleFile(
      'p.md',
      '---\ntitle: VPN\nkind: how_to\ntags:\n  - vpn\n  - "x y"\n---\nCorps\n',
    );
    expect(file.locate('tags.1')).toEqual({ line: 6, column: 5 });
    expect(file.locate('body')).toEqual({ line: 8, column: 1 });
    expect(file.locate('kind')).toEqual({ line: 3, column: 7 });
  });

  it('export then read back plans nothing (export → apply is a no-op)', () => {
    const article = anArticle();
    const file = parseArticleFile('KB-000042.md', articleToFile(article));
    expect(file.errors).toEqual([]);
    expect(file.reference).toBe('KB-000042');
    expect(planFile(file, article)).toMatchObject({ op: 'unchanged', fields: [] });
  });

  it('plans an update with only the fields that differ, against the stored version', () => {
    const article = anArticle();
    const text = articleToFile(article).replace('tags:\n  - libreoffice', 'tags:\n  - libreoffice\n  - odt');
    const plan = planFile(parseArticleFile('KB-000042.md', `${text}\nUne ligne de plus.\n`), article);
    expect(plan).toMatchObject({ op: 'update', reference: 'KB-000042', version: 3 });
    expect(plan.fields.map((f) => f.field)).toEqual(['tags', 'body']);
    expect(plan.fields[0]).toEqual({ field: 'tags', from: ['libreoffice'], to: ['libreoffice', 'odt'] });
  });

  it('plans a create for a file without reference; after it, the file carries its reference', () => {
    const source = '---\ntitle: VPN\nkind: how_to\n---\nCorps\n';
    expect(planFile(parseArticleFile('vpn.md', source), null)).toMatchObject({
      op: 'create',
      fields: [
        { field: 'title', to: 'VPN' },
        { field: 'kind', to: 'how_to' },
      ],
    });
    const again = parseArticleFile('vpn.md', withReference(source, 'KB-000043'));
    expect(again.reference).toBe('KB-000043');
    expect(again.errors).toEqual([]);
  });

  it('renders the plan for people: create with its fields, update field by field, the body named', () => {
    expect(
      renderKbPlan([
        { file: 'kb/vpn.md', reference: null, op: 'create', fields: [{ field: 'title', to: 'VPN' }] },
        {
          file: 'kb/KB-000042.md',
          reference: 'KB-000042',
          op: 'update',
          fields: [
            { field: 'tags', from: ['a'], to: ['a', 'b'] },
            { field: 'body', from: 'x', to: 'y' },
          ],
        },
      ]),
    ).toBe(
      '+ créer kb/vpn.md\n    title: VPN\n~ modifier kb/KB-000042.md (KB-000042)\n    tags: ["a"] → ["a","b"]\n    body: (corps modifié)',
    );
  });
});
