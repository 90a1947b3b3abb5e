import { beforeEach, describe, expect, it, vi } from 'vitest';
import { canAsk, confirm } from '../../lib/confirm.ts';
import { CliError } from '../../lib/errors.ts';
import { kbApi } from '../../lib/kb.ts';
import { anArticle, anArticleHit } from '../../testing/fixtures.ts';
import { runCommand } from '../../testing/run-command.ts';
import KbDeflect from './deflect.ts';
import KbDelete from './delete.ts';
import KbEdit from './edit.ts';
import KbFromTicket from './from-ticket.ts';
import KbLinked from './linked.ts';
import KbReturnToDraft from './return-to-draft.ts';
import KbSearch from './search.ts';
import KbSubmit from './submit.ts';
import KbSuggest from './suggest.ts';
import KbTags from './tags.ts';
import KbTagsSet from './tags-set.ts';
import KbVote from './vote.ts';

const MOCKED = [
  'edit',
  'search',
  'action',
  'discard',
  'vote',
  'suggest',
  'deflect',
  'linked',
  'tags',
  'putTag',
  'fromTicket',
] as const;

vi.mock('../../lib/kb.ts', async (original) => {
  const actual = await original<typeof import('../../lib/kb.ts')>();
  const mocked = Object.fromEntries(
    [
      'edit',
      'search',
      'action',
      'discard',
      'vote',
      'suggest',
      'deflect',
      'linked',
      'tags',
      'putTag',
      'fromTicket',
    ].map((name) => [name, vi.fn()]),
  );
  return { ...actual, kbApi: { ...actual.kbApi, ...mocked } };
});
vi.mock('../../lib/confirm.ts', () => ({ canAsk: vi.fn(() => false), confirm: vi.fn() }));

beforeEach(() => {
  for (const name of MOCKED) vi.mocked(kbApi[name]).mockReset();
  vi.mocked(canAsk).mockReset().mockReturnValue(false);
  vi.mocked(confirm).mockReset();
});

const refused = (line: string) => new CliError(line);

describe('guichet kb search', () => {
  it('sends the words and the filters given, nothing else', async () => {
    vi.mocked(kbApi.search).mockResolvedValue({ items: [], next: null, total: 0, totalCapped: false });
    const run = await runCommand(KbSearch, ['opale odt', '--service', 'scenari', '--kind', 'known_error']);
    expect(run.exit).toBe(0);
    expect(kbApi.search).toHaveBeenCalledWith(expect.objectContaining({ url: 'http://guichet.test' }), {
      q: 'opale odt',
      service: 'scenari',
      kind: 'known_error',
      limit: 20,
    });
    expect(run.stderr).toMatch(/aucun résultat/);
  });

  it('sends --after and says where the next page starts', async () => {
    vi.mocked(kbApi.search).mockResolvedValue({
      items: [anArticleHit()],
      next: 'c2',
      total: 30,
      totalCapped: false,
    });
    const run = await runCommand(KbSearch, ['opale', '--after', 'c1']);
    expect(kbApi.search).toHaveBeenCalledWith(expect.anything(), { q: 'opale', limit: 20, after: 'c1' });
    expect(run.stdout).toMatch(/^RÉF\s+STATUT/);
    expect(run.stderr).toContain('page suivante : --after c2');
    const json = await runCommand(KbSearch, ['opale', '--json']);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toMatchObject({ next: 'c2', total: 30 });
  });
});

describe('guichet kb from-ticket', () => {
  it('sends the overrides given (--summary included), nothing else', async () => {
    vi.mocked(kbApi.fromTicket).mockResolvedValue(anArticle({ summary: 'ODT et Opale 5.0.3' }));
    const run = await runCommand(KbFromTicket, [
      'GU-2026-000042',
      '--summary',
      'ODT et Opale 5.0.3',
      '--tags',
      'libreoffice, opale',
    ]);
    expect(run.exit, run.stderr).toBe(0);
    expect(kbApi.fromTicket).toHaveBeenCalledWith(expect.anything(), {
      ticket: 'GU-2026-000042',
      body: { summary: 'ODT et Opale 5.0.3', tags: ['libreoffice', 'opale'] },
    });
    const bare = await runCommand(KbFromTicket, ['GU-2026-000042']);
    expect(bare.exit).toBe(0);
    expect(kbApi.fromTicket).toHaveBeenLastCalledWith(expect.anything(), {
      ticket: 'GU-2026-000042',
      body: {},
    });
  });
});

describe('guichet kb submit, return-to-draft', () => {
  it('submit sends the action with its comment and --if-match', async () => {
    vi.mocked(kbApi.action).mockResolvedValue(anArticle({ status: 'in_review' }));
    const run = await runCommand(KbSubmit, ['KB-000042', '--comment', 'Prêt', '--if-match', '2']);
    expect(run.exit).toBe(0);
    expect(kbApi.action).toHaveBeenCalledWith(expect.anything(), {
      reference: 'KB-000042',
      action: 'submit',
      comment: 'Prêt',
      ifMatch: 2,
    });
    expect(run.stdout).toMatch(/^Statut\s+en relecture/m);
  });

  it('return-to-draft: the server’s refusal is one line on stderr, exit 1', async () => {
    vi.mocked(kbApi.action).mockRejectedValue(refused('Action interdite: réservé aux modérateurs'));
    const run = await runCommand(KbReturnToDraft, ['KB-000042']);
    expect(kbApi.action).toHaveBeenCalledWith(expect.anything(), {
      reference: 'KB-000042',
      action: 'return-to-draft',
    });
    expect(run).toMatchObject({ exit: 1, stdout: '' });
    expect(run.stderr).toBe('guichet: Action interdite: réservé aux modérateurs\n');
  });
});

describe('guichet kb delete', () => {
  it('without a terminal, refuses to run without --yes (exit 3), nothing sent', async () => {
    const run = await runCommand(KbDelete, ['KB-000042']);
    expect(run.exit).toBe(3);
    expect(run.stderr).toMatch(/^guichet: supprimer KB-000042 demande une confirmation : ajoutez --yes/);
    expect(kbApi.discard).not.toHaveBeenCalled();
  });

  it('with --yes, deletes without asking, at the version given', async () => {
    vi.mocked(kbApi.discard).mockResolvedValue(true);
    const run = await runCommand(KbDelete, ['KB-000042', '--yes', '--if-match', '4', '--json']);
    expect(run.exit).toBe(0);
    expect(kbApi.discard).toHaveBeenCalledWith(expect.anything(), { reference: 'KB-000042', ifMatch: 4 });
    expect(JSON.parse(run.stdout)).toEqual({ reference: 'KB-000042', deleted: true });
  });

  it('on a terminal, asks with the draft’s title; no is exit 130, nothing deleted', async () => {
    vi.mocked(canAsk).mockReturnValue(true);
    vi.mocked(confirm).mockResolvedValue(false);
    vi.mocked(kbApi.discard).mockImplementation(async (_c, input) => input.confirm!(anArticle()));
    const run = await runCommand(KbDelete, ['KB-000042']);
    expect(confirm).toHaveBeenCalledWith(
      'Supprimer le brouillon KB-000042 « Opale : l’export ODT échoue » et son historique ? Il ne pourra pas être récupéré. [o/N] ',
    );
    expect(run.exit).toBe(130);
    expect(run.stderr).toBe('guichet: abandon : KB-000042 n’a pas été supprimé\n');
  });
});

describe('guichet kb vote', () => {
  it('sends the vote and prints the counts', async () => {
    vi.mocked(kbApi.vote).mockResolvedValue(
      anArticle({ votes: { helpful: 4, notHelpful: 0, mine: 'helpful' } }),
    );
    const run = await runCommand(KbVote, ['KB-000042', '--helpful']);
    expect(kbApi.vote).toHaveBeenCalledWith(expect.anything(), { reference: 'KB-000042', value: 'helpful' });
    expect(run.stdout).toBe('KB-000042 : 4 utile, 0 pas utile ; votre vote : utile\n');
  });

  it('needs exactly one of --helpful and --not-helpful (exit 3)', async () => {
    const none = await runCommand(KbVote, ['KB-000042']);
    expect(none.exit).toBe(3);
    expect(none.stderr).toMatch(/--helpful \(utile\) ou --not-helpful/);
    const both = await runCommand(KbVote, ['KB-000042', '--helpful', '--not-helpful']);
    expect(both.exit).toBe(3);
    expect(both.stderr).toMatch(/ne vont pas ensemble/);
    expect(kbApi.vote).not.toHaveBeenCalled();
  });
});

describe('guichet kb suggest, deflect', () => {
  it('sends the request as described and shows both lists with why; the id on stderr', async () => {
    vi.mocked(kbApi.suggest).mockResolvedValue({
      id: '40000000-0000-4000-8000-000000000001',
      articles: [anArticleHit()],
      tickets: [
        {
          reference: 'GU-2026-000007',
          title: 'Export ODT en erreur',
          status: 'assigned',
          service: 'scenari',
          rank: 0.3,
          snippet: [],
          snippetHtml: '',
          why: { fields: ['title'], words: ['odt'], synonyms: [], corrections: [] },
        },
      ],
    });
    const run = await runCommand(KbSuggest, [
      '--title',
      'export odt',
      '--service',
      'scenari',
      '--limit',
      '5',
    ]);
    expect(kbApi.suggest).toHaveBeenCalledWith(expect.anything(), {
      title: 'export odt',
      service: 'scenari',
      limit: 5,
    });
    expect(run.stdout).toMatch(/^Articles\nRÉF/);
    expect(run.stdout).toMatch(
      /Tickets semblables\nRÉF\s+STATUT\s+SERVICE\s+TITRE\s+POURQUOI\nGU-2026-000007\s+assigné\s+scenari\s+Export ODT en erreur\s+titre : odt/,
    );
    expect(run.stderr).toContain('guichet kb deflect 40000000-0000-4000-8000-000000000001');
  });

  it('needs a description or a ticket (exit 3); an unknown ticket is the server’s line', async () => {
    expect((await runCommand(KbSuggest, [])).exit).toBe(3);
    vi.mocked(kbApi.suggest).mockRejectedValue(refused('Ticket introuvable: GU-2026-999999'));
    const run = await runCommand(KbSuggest, ['--ticket', 'GU-2026-999999']);
    expect(kbApi.suggest).toHaveBeenCalledWith(expect.anything(), { ticket: 'GU-2026-999999' });
    expect(run).toMatchObject({ exit: 1, stderr: 'guichet: Ticket introuvable: GU-2026-999999\n' });
  });

  it('deflect names the article that answered', async () => {
    vi.mocked(kbApi.deflect).mockResolvedValue(undefined);
    const run = await runCommand(KbDeflect, ['abc', '--article', 'KB-000042', '--json']);
    expect(kbApi.deflect).toHaveBeenCalledWith(expect.anything(), {
      suggestion: 'abc',
      article: 'KB-000042',
    });
    expect(JSON.parse(run.stdout)).toEqual({ suggestion: 'abc', deflected: true, article: 'KB-000042' });
  });
});

describe('guichet kb tags, tags set, linked', () => {
  it('lists the vocabulary with its synonyms', async () => {
    vi.mocked(kbApi.tags).mockResolvedValue([
      { code: 'libreoffice', label: 'LibreOffice', synonyms: ['writer', 'traitement de texte'] },
    ]);
    const run = await runCommand(KbTags, []);
    expect(run.stdout).toMatch(
      /^CODE\s+LIBELLÉ\s+SYNONYMES\nlibreoffice\s+LibreOffice\s+writer, traitement de texte\n$/,
    );
  });

  it('set sends the label and every --synonym (none: an empty list); a refusal exits 1', async () => {
    vi.mocked(kbApi.putTag).mockRejectedValue(refused('Action interdite: modérateurs seulement'));
    const run = await runCommand(KbTagsSet, [
      'vpn',
      '--label',
      'VPN',
      '--synonym',
      'tunnel',
      '--synonym',
      'accès distant',
    ]);
    expect(kbApi.putTag).toHaveBeenCalledWith(expect.anything(), {
      code: 'vpn',
      label: 'VPN',
      synonyms: ['tunnel', 'accès distant'],
    });
    expect(run.exit).toBe(1);
    vi.mocked(kbApi.putTag).mockResolvedValue({ code: 'vpn', label: 'VPN', synonyms: [] });
    await runCommand(KbTagsSet, ['vpn', '--label', 'VPN']);
    expect(kbApi.putTag).toHaveBeenLastCalledWith(expect.anything(), {
      code: 'vpn',
      label: 'VPN',
      synonyms: [],
    });
    expect((await runCommand(KbTagsSet, ['vpn'])).exit).toBe(3);
  });

  it('linked lists the ticket’s articles', async () => {
    vi.mocked(kbApi.linked).mockResolvedValue([anArticleHit()]);
    const run = await runCommand(KbLinked, ['GU-2026-000042']);
    expect(kbApi.linked).toHaveBeenCalledWith(expect.anything(), 'GU-2026-000042');
    expect(run.stdout).toMatch(/KB-000042\s+publié\s+erreur connue/);
  });
});

describe('guichet kb edit', () => {
  it('refuses an empty change as a usage error (exit 3)', async () => {
    const run = await runCommand(KbEdit, ['KB-000042']);
    expect(run.exit).toBe(3);
    expect(run.stderr).toMatch(/^guichet: rien à modifier/);
    expect(kbApi.edit).not.toHaveBeenCalled();
  });

  it('sends lists split on commas and --if-match as the version', async () => {
    vi.mocked(kbApi.edit).mockRejectedValue(new Error('stop'));
    const run = await runCommand(KbEdit, ['KB-000042', '--tags', 'odt, opale', '--if-match', '3']);
    expect(run.exit).toBe(1);
    expect(kbApi.edit).toHaveBeenCalledWith(expect.anything(), {
      reference: 'KB-000042',
      changes: { tags: ['odt', 'opale'] },
      ifMatch: 3,
    });
  });
});
