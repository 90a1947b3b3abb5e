import { describe, expect, it } from 'vitest';
import { announcementState, mayFollow, mayPublish } from './announcement.rules.ts';

const moodle = 'moodle-id';
const scenari = 'scenari-id';

describe('who may publish', () => {
  it('a moderator of every service concerned, not of only some', () => {
    const facts = { functionalAdmin: false, moderated: new Set([moodle]) };
    expect(mayPublish(facts, [moodle])).toBe(true);
    expect(mayPublish(facts, [moodle, scenari])).toBe(false);
  });

  it('only a functional admin for an announcement about no service in particular', () => {
    expect(mayPublish({ functionalAdmin: false, moderated: new Set([moodle]) }, [])).toBe(false);
    expect(mayPublish({ functionalAdmin: true, moderated: new Set() }, [])).toBe(true);
    expect(mayPublish({ functionalAdmin: true, moderated: new Set() }, [moodle, scenari])).toBe(true);
  });
});

describe('updates', () => {
  it('may go back to investigating, and nothing follows resolved', () => {
    expect(mayFollow(null, 'resolved')).toBe(true);
    expect(mayFollow('monitoring', 'investigating')).toBe(true);
    expect(mayFollow('resolved', 'monitoring')).toBe(false);
    expect(mayFollow('resolved', 'resolved')).toBe(false);
  });
});

describe('state over time', () => {
  const start = new Date('2026-12-10T08:00:00Z');
  const end = new Date('2026-12-10T10:00:00Z');
  const at = (iso: string) => new Date(iso);

  it('is upcoming, active, then past once the end has passed', () => {
    const a = { startsAt: start, endsAt: end, resolvedAt: null };
    expect(announcementState(a, at('2026-12-09T12:00:00Z'))).toBe('upcoming');
    expect(announcementState(a, start)).toBe('active');
    expect(announcementState(a, at('2026-12-10T09:59:59Z'))).toBe('active');
    expect(announcementState(a, end)).toBe('past');
  });

  it('is past once resolved, even before its expected end', () => {
    const a = { startsAt: start, endsAt: end, resolvedAt: at('2026-12-10T09:00:00Z') };
    expect(announcementState(a, at('2026-12-10T08:30:00Z'))).toBe('active');
    expect(announcementState(a, at('2026-12-10T09:00:00Z'))).toBe('past');
  });

  it('stays active without an expected end until resolved', () => {
    const a = { startsAt: start, endsAt: null, resolvedAt: null };
    expect(announcementState(a, at('2027-06-01T00:00:00Z'))).toBe('active');
  });
});
