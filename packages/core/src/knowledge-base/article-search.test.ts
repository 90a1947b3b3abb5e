/** How a search chooses the rows it ranks on a large table (pure: from estimated row counts). */
import { describe, expect, it } from 'vitest';
import { CANDIDATE_BUDGET, chooseCandidates, type GroupEstimate } from './article-search.ts';

const group = (tsquery: string, rows: number, listed = true, primary = true): GroupEstimate => ({
  tsquery,
  rows,
  listed,
  primary,
});

describe('chooseCandidates', () => {
  it('ranks every match when the words are estimated to match few rows', () => {
    const tiers = chooseCandidates([group('(opale)', 200), group('(odt)', 250)], 100_000);
    expect(tiers).toEqual([{ any: '(opale) | (odt)', all: '', pruned: false }]);
  });

  it('ranks the rows of the rarest words first, the common words only together, the whole query last', () => {
    const tiers = chooseCandidates(
      [
        group('(fichiers)', 28_000),
        group('(opale)', 400),
        group('(generation)', 17_000),
        group('(echoue)', 10_000),
        group('(kelis)', 50, false),
      ],
      100_000,
    );
    expect(tiers).toEqual([
      // 10,000 × 0.17 × 0.28 ≈ 476 rows hold the three common words together.
      { any: '(kelis) | (opale)', all: '(echoue) & (generation) & (fichiers)', pruned: true },
      { any: '(kelis) | (opale)', all: '(echoue) & (generation)', pruned: true },
      { any: '(kelis) | (opale)', all: '(echoue)', pruned: true },
      { any: '(fichiers) | (opale) | (generation) | (echoue) | (kelis)', all: '', pruned: false },
    ]);
  });

  it('keeps a word rarer than any listed one, even when it would not fit: it may be in no row at all', () => {
    const tiers = chooseCandidates(
      [group('(zanzibar)', CANDIDATE_BUDGET, false), group('(portail)', 30_000)],
      100_000,
    );
    expect(tiers[0]).toEqual({ any: '(zanzibar)', all: '(portail)', pruned: true });
  });

  it('leaves out the groups that match no row (stop words), and never yields an empty tier', () => {
    const tiers = chooseCandidates(
      [group('(la)', 0), group('(portail)', 30_000), group('(des)', 0)],
      100_000,
    );
    expect(tiers).toEqual([
      { any: '', all: '(portail)', pruned: true },
      { any: '(la) | (portail) | (des)', all: '', pruned: false },
    ]);
  });

  it('takes the common words from the title first (a description adds common words)', () => {
    const tiers = chooseCandidates(
      [group('(visio)', 9_000), group('(fonctionne)', 8_000, true, false), group('(lente)', 9_500)],
      100_000,
    );
    expect(tiers[0]).toEqual({ any: '', all: '(visio) & (lente)', pruned: true });
  });

  it('counts a group once when two typed words read the same synonyms', () => {
    const odt = '(odt | libreoffice | opendocument)';
    const tiers = chooseCandidates(
      [group('(generation)', 17_000), group(odt, 50_000), group(odt, 50_000)],
      100_000,
    );
    expect(tiers[0]).toEqual({ any: '', all: `(generation) & ${odt}`, pruned: true });
  });
});
