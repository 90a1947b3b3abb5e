import type { EntityManager } from '@mikro-orm/postgresql';
import { fieldError } from '../errors.ts';
import { Establishment } from '../establishments/establishment.entity.ts';
import { Person } from '../people/person.entity.ts';
import { Provider } from '../providers/provider.entity.ts';
import { isUuid } from '../shared/ids.ts';
import { Team } from '../teams/team.entity.ts';
import { CatalogService } from './service.entity.ts';

/**
 * Resolves a person named by email or id, or fails with VALIDATION_FAILED on `field`.
 * Input names people by email (readable, stable across databases); ids are accepted too.
 */
export async function personByKey(em: EntityManager, key: string, field: string): Promise<Person> {
  const where = isUuid(key) ? { id: key } : { email: key.trim().toLowerCase() };
  const person = await em.findOne(Person, where);
  if (!person) throw fieldError(field, 'field.unknown', { value: key });
  return person;
}

export async function teamByCode(em: EntityManager, code: string, field: string): Promise<Team> {
  const team = await em.findOne(Team, { code });
  if (!team) throw fieldError(field, 'field.unknown', { value: code });
  return team;
}

export async function serviceByCode(em: EntityManager, code: string, field: string): Promise<CatalogService> {
  const service = await em.findOne(CatalogService, { code });
  if (!service) throw fieldError(field, 'field.unknown', { value: code });
  return service;
}

export async function providerByCode(em: EntityManager, code: string, field: string): Promise<Provider> {
  const provider = await em.findOne(Provider, { code });
  if (!provider) throw fieldError(field, 'field.unknown', { value: code });
  return provider;
}

export async function establishmentByCode(
  em: EntityManager,
  code: string,
  field: string,
): Promise<Establishment> {
  const establishment = await em.findOne(Establishment, { code });
  if (!establishment) throw fieldError(field, 'field.unknown', { value: code });
  return establishment;
}

/** Optional variant: `undefined` stays undefined, `null` clears. */
export async function maybe<T>(
  key: string | null | undefined,
  resolve: (key: string) => Promise<T>,
): Promise<T | null | undefined> {
  if (key === undefined) return undefined;
  if (key === null) return null;
  return resolve(key);
}

/**
 * Ids of the given services and all their ancestors, in one recursive query. Profiles granted on a
 * service cover its sub-services, so role checks look up this chain.
 */
export async function serviceAncestry(em: EntityManager, serviceIds: string[]): Promise<Set<string>> {
  if (serviceIds.length === 0) return new Set();
  const key = [...serviceIds].sort().join(',');
  const cache = ancestryCache.get(em) ?? new Map<string, Set<string>>();
  ancestryCache.set(em, cache);
  const known = cache.get(key);
  if (known) return known;
  const rows = await em.getConnection().execute<{ id: string }[]>(
    `with recursive up as (
       select id, parent_id from service where id = any(array[?]::uuid[])
       union
       select s.id, s.parent_id from service s join up on s.id = up.parent_id
     ) select id from up`,
    [serviceIds],
    'all',
    em.getTransactionContext(),
  );
  const chain = new Set(rows.map((r) => r.id));
  cache.set(key, chain);
  return chain;
}

/**
 * Ancestry looked up once per EntityManager (one use case): role checks ask for the same chain
 * several times in a request. Catalogue writes use their own EntityManager, so nothing goes stale.
 */
const ancestryCache = new WeakMap<EntityManager, Map<string, Set<string>>>();

/** Ids of the given services and all their descendants. */
export async function serviceDescendants(em: EntityManager, serviceIds: string[]): Promise<string[]> {
  if (serviceIds.length === 0) return [];
  const rows = await em.getConnection().execute<{ id: string }[]>(
    `with recursive down as (
       select id from service where id = any(array[?]::uuid[])
       union
       select s.id from service s join down on s.parent_id = down.id
     ) select id from down`,
    [serviceIds],
    'all',
    em.getTransactionContext(),
  );
  return rows.map((r) => r.id);
}
