import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileErrors, readCatalogueFile } from './catalogue-file.ts';
import { CliError } from './errors.ts';

// Messages are asserted in French, whatever the machine's LANG.
beforeEach(() => {
  vi.stubEnv('GUICHET_LANG', 'fr');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const FILE = [
  'teams:', //                              1
  '  - code: wiki', //                      2
  '    name: Équipe wiki', //               3
  'services:', //                           4
  '  - code: wiki', //                      5
  '    name: Wiki', //                      6
  '    defaultTeam: wikis', //              7
  '  - code: forum', //                     8
  '    name: Forum', //                     9
  '    defaultTeem: wiki', //               10
  'servises: []', //                        11
].join('\n');

describe('catalogue file', () => {
  it('refuses a file that is not YAML with every syntax error at once, each at its line', async () => {
    const broken = [
      'teams:',
      '  - code: wiki',
      '    code: wiki2',
      'services:',
      '  - code: forum',
      '    name: Forum',
      '  - code: chat',
      '    name: Chat',
      '    name: Messagerie',
      '',
    ].join('\n');
    const failure = await readCatalogueFile('bad.yaml', broken).then(
      () => null,
      (e: unknown) => e as CliError,
    );
    expect(failure).toBeInstanceOf(CliError);
    expect(failure!.line.split('\n')).toEqual([
      'bad.yaml : 2 erreur(s), rien n’a été modifié',
      'bad.yaml:3:5 : Map keys must be unique',
      'bad.yaml:9:5 : Map keys must be unique',
    ]);
  });

  it('places every field error of a problem: a wrong value, a missing field, unknown keys', async () => {
    const file = await readCatalogueFile('catalogue.yaml', FILE);
    const errors = fileErrors(file, {
      errors: [
        { field: 'services.0.defaultTeam', message: 'valeur inconnue « wikis »' },
        { field: 'services.1.defaultTeam', message: 'obligatoire' },
        { field: 'servises', message: 'champ inconnu' },
        { field: 'defaultTeem', message: 'champ inconnu' },
      ],
    });
    expect(errors).toEqual([
      { line: 7, column: 18, message: 'valeur inconnue « wikis »' },
      { line: 8, column: 5, message: 'obligatoire' },
      { line: 11, column: 11, message: 'champ inconnu' },
      { line: 10, column: 5, message: 'champ inconnu' },
    ]);
  });
});
