import { describe, expect, it } from 'vitest';
import {
  matchesType,
  patternProblem,
  RETRY_JITTER,
  RETRY_SCHEDULE_SECONDS,
  retryDelaySeconds,
} from './webhook.rules.ts';
import { deriveSecret } from './webhook-secret.ts';

describe('webhook rules', () => {
  it('accepts known patterns and names what is wrong with the others', () => {
    for (const ok of [
      '*',
      'ticket.*',
      'ticket.created',
      'ticket.internal_note',
      'announcement.*',
      'announcement.resolved',
      'article.published',
      'article.archived',
      'webhook.test',
    ])
      expect(patternProblem(ok), ok).toBeNull();
    for (const bad of ['ticket', 'ticket.nope', 'tickets.*', 'ticket.created.x', 'announcement.Bad', ''])
      expect(patternProblem(bad), bad).not.toBeNull();
    // A typo in a declared type is refused, naming the types that exist
    expect(patternProblem('announcement.publishd')).toContain('announcement.published');
    for (const bad of ['article.updated', 'webhook.other']) expect(patternProblem(bad), bad).not.toBeNull();
  });

  it('matches exact types, a source wildcard and everything', () => {
    expect(matchesType(['ticket.*'], 'ticket.resolved')).toBe(true);
    expect(matchesType(['ticket.created'], 'ticket.resolved')).toBe(false);
    expect(matchesType(['announcement.*'], 'ticket.created')).toBe(false);
    expect(matchesType(['*'], 'article.published')).toBe(true);
  });

  it('retries for more than a day, with jitter within its bounds, then gives up', () => {
    const total = RETRY_SCHEDULE_SECONDS.reduce((a, b) => a + b, 0);
    expect(total * (1 - RETRY_JITTER)).toBeGreaterThan(24 * 3600);
    expect(retryDelaySeconds(1, () => 0)).toBeCloseTo(5 * (1 - RETRY_JITTER));
    expect(retryDelaySeconds(1, () => 0.999_999)).toBeCloseTo(5 * (1 + RETRY_JITTER));
    expect(retryDelaySeconds(RETRY_SCHEDULE_SECONDS.length + 1)).toBeNull();
  });

  it('derives a different Standard Webhooks secret per subscription and version, the same each time', () => {
    const key = Buffer.alloc(32, 7);
    const a = deriveSecret(key, 'a', 1);
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(deriveSecret(key, 'a', 1)).toBe(a);
    expect(deriveSecret(key, 'a', 2)).not.toBe(a);
    expect(deriveSecret(key, 'b', 1)).not.toBe(a);
    expect(deriveSecret(Buffer.alloc(32, 8), 'a', 1)).not.toBe(a);
  });
});
