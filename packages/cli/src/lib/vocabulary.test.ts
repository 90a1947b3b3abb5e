import {
  ARTICLE_KINDS,
  ARTICLE_STATUSES,
  AUDIENCES,
  CHANNELS,
  LEVELS,
  PENDING_KINDS,
  PRIORITIES,
  PROFILES,
  PROVIDER_REFERENCE_STATUSES,
  REVISION_ACTIONS,
  TICKET_EVENT_TYPES,
  TICKET_STATUSES,
  TICKET_TYPES,
} from '@guichet/core';
import { describe, expect, it } from 'vitest';
import { LABELS } from '../tui/labels.ts';
import { EXIT_CODES, HEADINGS, MESSAGES, TOPICS } from './messages.ts';
import { SENTENCES } from './timeline.ts';
import { WORDS } from './vocabulary.ts';

type Bilingual = Record<string, { fr: unknown; en: unknown }>;

/** Every entry of a table with a French and an English form, neither empty (the empty heading aside). */
function missing(table: Bilingual): string[] {
  return Object.entries(table)
    .filter(([key]) => key !== '')
    .flatMap(([key, v]) =>
      (['fr', 'en'] as const)
        .filter((l) => (typeof v[l] === 'string' ? !(v[l] as string).trim() : typeof v[l] !== 'function'))
        .map((l) => `${key}.${l}`),
    );
}

describe('what a person reads has a French and an English form', () => {
  it('every message, heading, topic, exit code and terminal UI label', () => {
    expect(missing(MESSAGES)).toEqual([]);
    expect(missing(HEADINGS)).toEqual([]);
    expect(missing(TOPICS)).toEqual([]);
    expect(missing(EXIT_CODES as unknown as Bilingual)).toEqual([]);
    expect(missing(LABELS)).toEqual([]);
  });

  it('every status, priority, type, impact, urgency, channel, hold, profile and event type core defines', () => {
    const vocabulary: [keyof typeof WORDS, readonly string[]][] = [
      ['status', TICKET_STATUSES],
      ['priority', PRIORITIES],
      ['type', TICKET_TYPES],
      ['impact', LEVELS],
      ['urgency', LEVELS],
      ['event', TICKET_EVENT_TYPES],
      ['providerStatus', PROVIDER_REFERENCE_STATUSES],
      ['channel', CHANNELS],
      ['pendingKind', PENDING_KINDS],
      ['profile', PROFILES],
      ['articleStatus', ARTICLE_STATUSES],
      ['articleKind', ARTICLE_KINDS],
      ['audience', AUDIENCES],
      ['revisionAction', REVISION_ACTIONS],
    ];
    for (const [kind, codes] of vocabulary) {
      const table = WORDS[kind] as Bilingual;
      expect(
        codes.filter((c) => !table[c]),
        kind,
      ).toEqual([]);
      expect(missing(table), kind).toEqual([]);
    }
    expect(TICKET_EVENT_TYPES.filter((type) => !(type in SENTENCES))).toEqual([]);
    expect(missing(SENTENCES)).toEqual([]);
  });
});
