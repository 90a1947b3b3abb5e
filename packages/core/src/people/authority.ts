import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../errors.ts';
import type { TokenScope } from '../tokens/api-token.entity.ts';
import { Person } from './person.entity.ts';
import { ProfileGrant } from './profile-grant.entity.ts';

/**
 * A person calling through a credential. Their own profiles decide what they may do; the
 * credential can only narrow that:
 * - `scopes` are the credential's scopes (an API token's, or what an SSO session gets). Absent means
 *   none beyond reading and writing as the person: administrative changes need `admin` explicitly.
 * - `via` is the account acting for the person (a portal's token with the `act-as` scope): the
 *   person's rights apply, the timeline records both, and nothing administrative is allowed.
 */
export interface PersonCaller {
  personId: string;
  via?: string;
  scopes?: ReadonlySet<TokenScope>;
}

/** Who performs an administrative change: a person through a credential, or the local machine. */
export type AdminActor = PersonCaller | 'local';

/** What an administrative actor is, loaded once per use case. */
export interface AdminAuthority {
  local: boolean;
  personId: string | null;
  functionalAdmin: boolean;
  technicalAdmin: boolean;
}

/**
 * The credential may be used for administration: not acting for someone else, and carrying the
 * `admin` scope. Throws FORBIDDEN naming which of the two is missing.
 */
export function assertAdministrativeCredential(actor: PersonCaller): void {
  if (actor.via) throw new DomainError('FORBIDDEN', { rule: 'act_as_not_allowed' });
  if (!actor.scopes?.has('admin')) {
    throw new DomainError('FORBIDDEN', { rule: 'admin_scope_required' });
  }
}

/**
 * The administrative profiles of an actor whose credential allows administration. A deactivated
 * person holds none.
 */
export async function loadAdminAuthority(em: EntityManager, actor: AdminActor): Promise<AdminAuthority> {
  if (actor === 'local') {
    return { local: true, personId: null, functionalAdmin: true, technicalAdmin: true };
  }
  assertAdministrativeCredential(actor);
  const grants = await em.find(
    ProfileGrant,
    {
      person: { id: actor.personId, active: true },
      profile: { $in: ['functional_admin', 'technical_admin'] },
    },
    { fields: ['profile'] },
  );
  return {
    local: false,
    personId: actor.personId,
    functionalAdmin: grants.some((g) => g.profile === 'functional_admin'),
    technicalAdmin: grants.some((g) => g.profile === 'technical_admin'),
  };
}

/** Functional administration (catalogue, organisation, people and profiles, routing). */
export async function requireFunctionalAdmin(em: EntityManager, actor: AdminActor): Promise<AdminAuthority> {
  const authority = await loadAdminAuthority(em, actor);
  if (!authority.functionalAdmin) {
    throw new DomainError('FORBIDDEN', { rule: 'functional_admin_only' });
  }
  return authority;
}

/**
 * Changes that can hand over the whole service (who is technical admin, identity links, the
 * accounts of technical admins) belong to technical admins.
 */
export function assertTechnicalAdmin(authority: AdminAuthority): void {
  if (!authority.technicalAdmin) throw new DomainError('FORBIDDEN', { rule: 'technical_admin_only' });
}

/** Whether the person holds any granted profile (approver, moderator, technician or admin). */
export async function isStaffPerson(em: EntityManager, personId: string): Promise<boolean> {
  return (await em.count(ProfileGrant, { person: personId })) > 0;
}

/**
 * The person a portal may act for: active, and a requester only. Staff and administrators sign in
 * themselves, so that a portal's credential can never carry their powers. Null when unknown or
 * deactivated; FORBIDDEN when the person is staff.
 */
export async function actAsTarget(em: EntityManager, key: string): Promise<{ personId: string } | null> {
  const k = key.trim();
  if (k.length === 0 || k.length > 400 || k.includes('\u0000')) return null;
  const person = await em.findOne(Person, k.includes('@') ? { email: k.toLowerCase() } : { subject: k }, {
    fields: ['id', 'active'],
  });
  if (!person?.active) return null;
  if (await isStaffPerson(em, person.id)) throw new DomainError('FORBIDDEN', { rule: 'act_as_staff' });
  return { personId: person.id };
}
