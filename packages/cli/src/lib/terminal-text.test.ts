import { describe, expect, it } from 'vitest';
import { markdownForTerminal } from './kb.ts';
import { inert, inertDeep } from './terminal-text.ts';

/** Whatever a terminal would act on: ESC, BEL, the other C0 controls but LF, DEL, C1, bidi overrides. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
const ACTIVE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

describe('inert', () => {
  it('removes escape sequences whole and every control character, keeps line feeds', () => {
    const hostile = [
      '\x1b[31mrouge\x1b[0m',
      '\x1b]0;titre volé\x07fenêtre',
      '\x1b]8;;https://evil.example\x1b\\lien\x1b]8;;\x1b\\',
      '\x1b[2J\x1b[Heffacé',
      '\x9b31mC1',
      'cloche\x07 retour\rarrière\x08',
      'a\u202edroite\u202c',
      'ligne\r\nsuivante\ttab',
    ].join('\n');
    const out = inert(hostile);
    expect(out).not.toMatch(ACTIVE);
    expect(out).toBe(
      'rouge\nfenêtre\nlien\neffacé\nC1\ncloche retour\narrière\nadroite\nligne\nsuivante    tab',
    );
  });

  it('makes every string of an answer inert, the rest unchanged', () => {
    expect(inertDeep({ a: '\x1b[1mx', n: 3, list: ['\x07y', null], ok: true })).toEqual({
      a: 'x',
      n: 3,
      list: ['y', null],
      ok: true,
    });
  });
});

describe('markdownForTerminal', () => {
  it('renders headings, lists, quotes, code and links as text, without raw HTML', () => {
    const markdown = [
      '# Opale et ODT',
      '## Étapes',
      '- ouvrir [la documentation](https://doc.example/opale "Doc")',
      '  * puis <b>publier</b> <!-- caché -->',
      '1. vérifier `<version>`',
      '> une remarque',
      '---',
      '```',
      '<script>alert(1)</script>',
      '```',
      'Voir <https://kelis.fr> &amp; ![capture](img.png) &lt;fin&gt;',
    ].join('\n');
    expect(markdownForTerminal(markdown).split('\n')).toEqual([
      'OPALE ET ODT',
      '════════════',
      'Étapes',
      '──────',
      '• ouvrir la documentation <https://doc.example/opale>',
      '  • puis publier ',
      '1. vérifier `<version>`',
      '│ une remarque',
      '────────────────────',
      '    <script>alert(1)</script>',
      'Voir <https://kelis.fr> & capture <img.png> <fin>',
    ]);
  });

  it('leaves nothing of an author’s escape sequences, even in code or an entity', () => {
    const out = markdownForTerminal('# \x1b[5mTitre\n```\n\x1b]0;x\x07code\n```\n&#27;[31m &#155;');
    expect(out).not.toMatch(ACTIVE);
    expect(out).toContain('    code');
  });
});
