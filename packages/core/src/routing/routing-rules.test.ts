import { describe, expect, it } from 'vitest';
import { matchingRules, pickAgent, type RuleCandidate } from './routing-rules.ts';

const rule = (over: Partial<RuleCandidate>): RuleCandidate => ({
  code: 'r',
  matchServiceId: null,
  matchType: null,
  matchEstablishmentId: null,
  defaultType: 'incident',
  ...over,
});

describe('routing rules', () => {
  it('a rule on a service covers its sub-services (the chain holds the ancestors)', () => {
    const rules = [
      rule({ code: 'vr', matchServiceId: 'vr' }),
      rule({ code: 'moodle', matchServiceId: 'moodle' }),
    ];
    const found = matchingRules(rules, {
      serviceChain: new Set(['vr.usage', 'vr']),
      type: null,
      establishmentId: null,
    });
    expect(found.map((r) => r.code)).toEqual(['vr']);
  });

  it('type and establishment criteria must match when set; order is kept', () => {
    const rules = [
      rule({ code: 'problems', matchType: 'problem' }),
      rule({ code: 'rennes', matchEstablishmentId: 'rennes' }),
      rule({ code: 'any' }),
    ];
    const found = matchingRules(rules, {
      serviceChain: new Set(),
      type: 'incident',
      establishmentId: 'rennes',
    });
    expect(found.map((r) => r.code)).toEqual(['rennes', 'any']);
  });

  it('a ticket without a type only matches rules that can give it one', () => {
    const rules = [
      rule({ code: 'untyped', defaultType: null }),
      rule({ code: 'typed', defaultType: 'request' }),
    ];
    expect(
      matchingRules(rules, { serviceChain: new Set(), type: null, establishmentId: null }).map((r) => r.code),
    ).toEqual(['typed']);
  });

  it('prefers the rule agent when still in the team, else the least loaded, ties by email', () => {
    const members = [
      { id: 'b', email: 'b@x', load: 1 },
      { id: 'a', email: 'a@x', load: 1 },
      { id: 'c', email: 'c@x', load: 4 },
    ];
    expect(pickAgent(members, 'c')).toBe('c');
    expect(pickAgent(members, 'gone')).toBe('a');
    expect(pickAgent([], null)).toBeNull();
  });
});
