/**
 * Every enum of the OpenAPI document is one of core's vocabularies, whole: an enum that holds only
 * part of one (a routing rule's type without `problem`) accepts values the document then cannot
 * answer with (the listing was a 500).
 */
import {
  ACTIONS,
  AFFILIATIONS,
  APPROVAL_POLICIES,
  CATALOGUE_KINDS,
  CATALOGUE_OPS,
  CHANNELS,
  LANGUAGES,
  LEVELS,
  PENDING_KINDS,
  PRIORITIES,
  PROFILES,
  PROVIDER_REFERENCE_STATUSES,
  SERVICE_STATUSES,
  TICKET_EVENT_TYPES,
  TICKET_QUEUES,
  TICKET_SORTS,
  TICKET_STATUSES,
  TICKET_TYPES,
  TOKEN_SCOPES,
  VISIBILITIES,
} from '@guichet/core';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi-document.ts';

const VOCABULARIES: Record<string, readonly string[]> = {
  ACTIONS,
  AFFILIATIONS,
  APPROVAL_POLICIES,
  CATALOGUE_KINDS,
  CATALOGUE_OPS,
  CHANNELS,
  LANGUAGES,
  LEVELS,
  PENDING_KINDS,
  PRIORITIES,
  PROFILES,
  PROVIDER_REFERENCE_STATUSES,
  SERVICE_STATUSES,
  TICKET_EVENT_TYPES,
  TICKET_QUEUES,
  TICKET_SORTS,
  TICKET_STATUSES,
  TICKET_TYPES,
  TOKEN_SCOPES,
  VISIBILITIES,
};

/** Every `enum` in the document, with where it is. */
function enums(node: unknown, path: string, out: { path: string; values: string[] }[]) {
  if (Array.isArray(node)) {
    node.forEach((n, i) => {
      enums(n, `${path}[${i}]`, out);
    });
  }
  if (!Array.isArray(node) && node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'enum' && Array.isArray(value)) {
        // A nullable enum lists null too: it is not part of the vocabulary.
        out.push({ path, values: value.filter((v) => v !== null).map(String) });
      } else enums(value, `${path}.${key}`, out);
    }
  }
  return out;
}

describe('the document’s enums', () => {
  it('are each a whole vocabulary of core, never a part of one', () => {
    const found = enums(openApiDocument(), '$', []);
    expect(found.length).toBeGreaterThan(20);
    const partial = found.flatMap(({ path, values }) => {
      const whole = Object.values(VOCABULARIES).some(
        (v) => v.length === values.length && v.every((x) => values.includes(x)),
      );
      // A one-value enum is a literal telling variants apart (`view: staff`), not a vocabulary.
      if (whole || values.length === 1) return [];
      const partOf = Object.entries(VOCABULARIES).filter(([, v]) => values.every((x) => v.includes(x)));
      return partOf.map(([name]) => `${path}: ${values.join('|')} is part of ${name}`);
    });
    expect(partial).toEqual([]);
  });
});
