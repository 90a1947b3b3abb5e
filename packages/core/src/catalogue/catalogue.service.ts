import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { ReadCache } from '../cache/read-cache.ts';
import { afterCommit, inTransaction, withEm } from '../db/transaction.ts';
import { DomainError, fieldError } from '../errors.ts';
import { Establishment } from '../establishments/establishment.entity.ts';
import {
  type AdminActor,
  type AdminAuthority,
  actAsTarget,
  assertTechnicalAdmin,
  loadAdminAuthority,
  type PersonCaller,
  requireFunctionalAdmin,
} from '../people/authority.ts';
import { Person } from '../people/person.entity.ts';
import { PROFILE_SCOPE, type Profile, ProfileGrant } from '../people/profile-grant.entity.ts';
import { Provider } from '../providers/provider.entity.ts';
import { RoutingRule } from '../routing/routing-rule.entity.ts';
import { isUuid } from '../shared/ids.ts';
import { parseInput } from '../shared/validation.ts';
import { Team } from '../teams/team.entity.ts';
import {
  type EstablishmentInput,
  EstablishmentInputSchema,
  type GrantInput,
  GrantInputSchema,
  type PersonInput,
  PersonInputSchema,
  type ProviderInput,
  ProviderInputSchema,
  type RoutingRuleInput,
  RoutingRuleInputSchema,
  type ServiceInput,
  ServiceInputSchema,
  type ServicePatch,
  ServicePatchSchema,
  type SignInInput,
  SignInInputSchema,
  type TeamInput,
  TeamInputSchema,
} from './catalogue.schemas.ts';
import {
  applyCatalogueDocument,
  type CatalogueDocumentInput,
  type CatalogueDocumentOutput,
  CatalogueDocumentSchema,
  type CataloguePlan,
  DryRun,
  exportCatalogue,
} from './catalogue-document.ts';
import {
  establishmentByCode,
  maybe,
  personByKey,
  providerByCode,
  serviceAncestry,
  serviceByCode,
  teamByCode,
} from './lookups.ts';
import { CatalogService } from './service.entity.ts';

export type { AdminActor } from '../people/authority.ts';
export * from './catalogue.schemas.ts';

/** A person as `/v1/me` and the people listing show them. */
export interface PersonView {
  id: string;
  email: string;
  displayName: string;
  establishment: string | null;
  affiliation: string;
  language: string;
  active: boolean;
  profiles: { profile: string; service: string | null; team: string | null }[];
}

/** A team and the technicians who receive its tickets. */
export interface TeamView {
  code: string;
  name: string;
  establishment: string | null;
  members: { id: string; email: string; displayName: string }[];
}

/** A routing rule as admins read and write it (codes and emails, never ids). */
export interface RoutingRuleView {
  code: string;
  position: number;
  active: boolean;
  match: { service: string | null; type: string | null; establishment: string | null };
  team: string;
  agent: string | null;
  defaultType: string | null;
}

/** One service with its responsibility chain, as readers need it. */
export interface ServiceView {
  code: string;
  name: string;
  description: string;
  parent: string | null;
  status: string;
  approvalPolicy: string;
  owner: string | null;
  defaultTeam: string | null;
  provider: string | null;
  moderators: string[];
  approvers: string[];
  children: ServiceView[];
}

/**
 * Catalogue and organisation: establishments, people, teams, providers, services with their
 * responsibility chains, profile grants and routing rules. Every write is an idempotent upsert by
 * natural key (code or email), so seeding scripts and `catalog apply` can run again safely.
 */
export class CatalogueService {
  readonly #orm: MikroORM;

  readonly #cache: ReadCache;

  constructor(orm: MikroORM, cache: ReadCache) {
    this.#orm = orm;
    this.#cache = cache;
  }

  /** Forgets what this process remembers once the change commits (other processes hear NOTIFY). */
  async #forgetAfterCommit(): Promise<void> {
    await afterCommit(async () => this.#cache.clear());
  }

  async upsertEstablishment(raw: EstablishmentInput, actor: AdminActor = 'local'): Promise<Establishment> {
    const input = parseInput(EstablishmentInputSchema, raw);
    return this.#admin(actor, (em) => writeEstablishment(em, input));
  }

  async upsertPerson(raw: PersonInput, actor: AdminActor = 'local'): Promise<Person> {
    const input = parseInput(PersonInputSchema, raw);
    return this.#admin(actor, (em, authority) => writePerson(em, input, authority));
  }

  async upsertTeam(raw: TeamInput, actor: AdminActor = 'local'): Promise<Team> {
    const input = parseInput(TeamInputSchema, raw);
    return this.#admin(actor, (em) => writeTeam(em, input));
  }

  async upsertProvider(raw: ProviderInput, actor: AdminActor = 'local'): Promise<Provider> {
    const input = parseInput(ProviderInputSchema, raw);
    return this.#admin(actor, (em) => writeProvider(em, input));
  }

  async upsertService(raw: ServiceInput, actor: AdminActor = 'local'): Promise<CatalogService> {
    const input = parseInput(ServiceInputSchema, raw);
    return this.#admin(actor, (em) => writeService(em, input, 'upsert'));
  }

  /** Changes the given fields of an existing service; the others keep their value. */
  async patchService(code: string, raw: ServicePatch, actor: AdminActor = 'local'): Promise<CatalogService> {
    const input = parseInput(ServicePatchSchema, { ...raw, code });
    return this.#admin(actor, (em) => writeService(em, input, 'patch'));
  }

  /** One service with its responsibility chain and sub-services. */
  async describeService(code: string): Promise<ServiceView> {
    const find = (nodes: ServiceView[]): ServiceView | undefined =>
      nodes.length === 0
        ? undefined
        : (nodes.find((n) => n.code === code) ?? find(nodes.flatMap((n) => n.children)));
    const found = find(await this.listServices());
    if (!found) throw new DomainError('NOT_FOUND', { params: { entity: 'service', key: code } });
    return found;
  }

  /**
   * Grants a profile; granting one already held changes nothing. Functional admins grant profiles;
   * the technical admin profile is granted by technical admins (who need not be functional admins).
   */
  async grantProfile(raw: GrantInput, actor: AdminActor = 'local'): Promise<ProfileGrant> {
    const input = parseInput(GrantInputSchema, raw);
    return this.#profiles(actor, input.profile, (em, authority) => writeGrant(em, input, authority));
  }

  /**
   * Revokes a profile; returns whether it was held. Revoking `technical_admin` needs a technical
   * admin, and the last active technical admin cannot be removed (a database constraint, so that no
   * path — revocation, catalogue prune, deactivation, identity-provider sync — can do it).
   */
  async revokeProfile(raw: GrantInput, actor: AdminActor = 'local'): Promise<boolean> {
    const input = parseInput(GrantInputSchema, raw);
    return this.#profiles(actor, input.profile, async (em, authority) => {
      if (input.profile === 'technical_admin') assertTechnicalAdmin(authority);
      const grant = await em.findOne(ProfileGrant, await grantWhere(em, input));
      if (grant) em.remove(grant);
      return grant !== null;
    });
  }

  async upsertRoutingRule(raw: RoutingRuleInput, actor: AdminActor = 'local'): Promise<RoutingRule> {
    const input = parseInput(RoutingRuleInputSchema, raw);
    return this.#admin(actor, (em) => writeRoutingRule(em, input));
  }

  /** The service tree with each service's responsibility chain. */
  async listServices(): Promise<ServiceView[]> {
    return withEm(this.#orm, async (em) => {
      const services = await em.find(
        CatalogService,
        {},
        { populate: ['parent', 'owner', 'defaultTeam', 'provider'], orderBy: { code: 'asc' } },
      );
      const grants = await em.find(
        ProfileGrant,
        { profile: { $in: ['moderator', 'approver'] } },
        { populate: ['person', 'service'] },
      );
      const views = new Map<string, ServiceView>();
      for (const s of services) {
        views.set(s.id, {
          code: s.code,
          name: s.name,
          description: s.description,
          parent: s.parent?.code ?? null,
          status: s.status,
          approvalPolicy: s.approvalPolicy,
          owner: s.owner?.email ?? null,
          defaultTeam: s.defaultTeam?.code ?? null,
          provider: s.provider?.code ?? null,
          moderators: [],
          approvers: [],
          children: [],
        });
      }
      for (const g of grants) {
        const view = g.service ? views.get(g.service.id) : undefined;
        if (!view) continue;
        (g.profile === 'moderator' ? view.moderators : view.approvers).push(g.person.email);
      }
      const roots: ServiceView[] = [];
      for (const s of services) {
        const view = views.get(s.id)!;
        view.moderators.sort();
        view.approvers.sort();
        const parent = s.parent ? views.get(s.parent.id) : undefined;
        (parent ? parent.children : roots).push(view);
      }
      return roots;
    });
  }

  /**
   * A person signing in through an identity provider. Identity is (issuer, subject):
   * - known identity: name, affiliation and establishment refreshed; the address changes only to one
   *   the provider vouches for (verified, in its mail domains) that nobody else holds;
   * - unknown identity, address of a person never linked: linked only if the provider vouches for
   *   the address; an address already linked to another identity is never taken over;
   * - nobody: created, only with an address the provider vouches for (else a later grant by email
   *   could land on an impostor's account).
   * The profiles this provider's groups granted are brought in step with the groups it sends now.
   * Deactivated people are refused. Refusals are FORBIDDEN with the rule naming why.
   */
  async signIn(raw: SignInInput): Promise<{ personId: string }> {
    const input = parseInput(SignInInputSchema, raw);
    let changed = false;
    const result = await inTransaction(this.#orm, async (em) => {
      const establishment = input.establishment
        ? await establishmentByCode(em, input.establishment, 'establishment')
        : undefined;
      const domains = new Set(input.mailDomains ?? establishment?.mailDomains ?? []);
      const vouched = input.emailVerified && domains.has(input.email.split('@')[1] ?? '');
      let person = await em.findOne(Person, { subject: input.subject });
      if (person) {
        if (person.email !== input.email && vouched) {
          const holder = await em.count(Person, { email: input.email });
          if (holder === 0) {
            person.email = input.email;
            changed = true;
          }
        }
      } else {
        const byEmail = await em.findOne(Person, { email: input.email });
        if (byEmail?.subject) throw new DomainError('FORBIDDEN', { rule: 'identity_linked_elsewhere' });
        if (!vouched) {
          throw new DomainError('FORBIDDEN', {
            rule: 'identity_not_vouched',
            params: { email: input.email },
          });
        }
        person =
          byEmail ??
          em.create(Person, {
            email: input.email,
            displayName: input.displayName,
            establishment: establishment ?? (await establishmentForEmail(em, input.email)),
          });
        person.subject = input.subject;
        changed = true;
      }
      if (!person.active) throw new DomainError('FORBIDDEN', { rule: 'person_inactive' });
      person.displayName = input.displayName;
      if (establishment && person.establishment?.id !== establishment.id) {
        person.establishment = establishment;
        changed = true;
      }
      if (input.affiliation) person.affiliation = input.affiliation;
      await em.flush();
      if (await syncProviderGrants(em, person, input.issuer, input.profiles)) changed = true;
      await em.flush();
      return { personId: person.id };
    });
    if (changed) await this.#forgetAfterCommit();
    return result;
  }

  /** The active person named by email or identity-provider subject, or null. */
  async findActivePerson(key: string): Promise<{ personId: string } | null> {
    return withEm(this.#orm, async (em) => {
      const k = key.trim();
      const person = await em.findOne(Person, k.includes('@') ? { email: k.toLowerCase() } : { subject: k });
      return person?.active ? { personId: person.id } : null;
    });
  }

  /**
   * The person a portal's `act-as` credential may act for (email or subject): an active requester.
   * Null when unknown or deactivated; FORBIDDEN (`act_as_staff`) for staff and administrators.
   */
  async actAsTarget(key: string): Promise<{ personId: string } | null> {
    return withEm(this.#orm, (em) => actAsTarget(em, key));
  }

  /** Whether the person exists and is active (checked on every request, whatever the credential). */
  async isActive(personId: string): Promise<boolean> {
    try {
      await this.#cache.grants(personId);
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.details.rule === 'person_inactive') return false;
      throw error;
    }
  }

  /** A person (by id or email) with their establishment and group-level profiles (what `/v1/me` shows). */
  async describePerson(key: string): Promise<PersonView> {
    return withEm(this.#orm, async (em) => {
      const where = isUuid(key) ? { id: key } : { email: key.trim().toLowerCase() };
      const person = await em.findOne(Person, where, { populate: ['establishment'] });
      if (!person) throw new DomainError('NOT_FOUND', { params: { entity: 'person', key } });
      const grants = await em.find(ProfileGrant, { person }, { populate: ['service', 'team'] });
      return toPersonView(person, grants);
    });
  }

  /**
   * People with their profiles, for staff pickers (on-behalf creation, assignment, grants). Staff
   * only: a person with no granted profile gets FORBIDDEN (requesters do not browse the directory).
   */
  async listPeople(actor: PersonCaller, query: { q?: string; limit?: number } = {}): Promise<PersonView[]> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
    return withEm(this.#orm, async (em) => {
      if ((await em.count(ProfileGrant, { person: actor.personId })) === 0) {
        throw new DomainError('FORBIDDEN', { rule: 'not_a_staff_action' });
      }
      const q = query.q?.trim().toLowerCase();
      const like = q ? `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : null;
      const people = await em.find(
        Person,
        like ? { $or: [{ email: { $ilike: like } }, { displayName: { $ilike: like } }] } : {},
        { orderBy: { email: 'asc' }, limit, populate: ['establishment'] },
      );
      const grants = await em.find(
        ProfileGrant,
        { person: { $in: people.map((p) => p.id) } },
        { populate: ['service', 'team'] },
      );
      return people.map((person) =>
        toPersonView(
          person,
          grants.filter((g) => g.person.id === person.id),
        ),
      );
    });
  }

  async listEstablishments(): Promise<{ code: string; name: string; mailDomains: string[] }[]> {
    return withEm(this.#orm, async (em) =>
      (await em.find(Establishment, {}, { orderBy: { code: 'asc' } })).map((e) => ({
        code: e.code,
        name: e.name,
        mailDomains: e.mailDomains,
      })),
    );
  }

  /** Teams with their active technicians (what the assignment pickers offer). */
  async listTeams(): Promise<TeamView[]> {
    return withEm(this.#orm, async (em) => {
      const teams = await em.find(Team, {}, { orderBy: { code: 'asc' }, populate: ['establishment'] });
      const grants = await em.find(
        ProfileGrant,
        { profile: 'technician', person: { active: true } },
        { populate: ['person', 'team'] },
      );
      return teams.map((t) => ({
        code: t.code,
        name: t.name,
        establishment: t.establishment?.code ?? null,
        members: grants
          .filter((g) => g.team?.id === t.id)
          .map((g) => ({ id: g.person.id, email: g.person.email, displayName: g.person.displayName }))
          .sort((x, y) => x.email.localeCompare(y.email)),
      }));
    });
  }

  async listProviders(): Promise<
    { code: string; name: string; contact: string | null; supportUrl: string | null }[]
  > {
    return withEm(this.#orm, async (em) =>
      (await em.find(Provider, {}, { orderBy: { code: 'asc' } })).map((p) => ({
        code: p.code,
        name: p.name,
        contact: p.contact ?? null,
        supportUrl: p.supportUrl ?? null,
      })),
    );
  }

  /** The whole catalogue as a document, in the format `applyDocument` takes (functional admins). */
  async exportDocument(actor: AdminActor = 'local'): Promise<CatalogueDocumentOutput> {
    return this.#admin(actor, (em) => exportCatalogue(em));
  }

  /**
   * Applies a catalogue document in one transaction and returns the changes, or with `dryRun` only
   * the plan (nothing written). See `catalogue-document.ts` for the semantics.
   */
  async applyDocument(
    raw: CatalogueDocumentInput,
    options: { prune?: boolean; dryRun?: boolean } = {},
    actor: AdminActor = 'local',
  ): Promise<CataloguePlan> {
    const doc = parseInput(CatalogueDocumentSchema, raw);
    try {
      return await this.#admin(actor, (em, authority) => applyCatalogueDocument(em, doc, options, authority));
    } catch (error) {
      if (error instanceof DryRun) return error.plan;
      throw error;
    }
  }

  /** Whether the catalogue holds any service yet (used to seed the demo catalogue once). */
  /** Routing rules in the order they are tried (staff only: requesters have no use for them). */
  async listRoutingRules(actor: PersonCaller | 'local' = 'local'): Promise<RoutingRuleView[]> {
    return withEm(this.#orm, async (em) => {
      if (actor !== 'local' && (await em.count(ProfileGrant, { person: actor.personId })) === 0) {
        throw new DomainError('FORBIDDEN', { rule: 'not_a_staff_action' });
      }
      const rules = await em.find(
        RoutingRule,
        {},
        {
          populate: ['matchService', 'matchEstablishment', 'team', 'agent'],
          orderBy: { position: 'asc', code: 'asc' },
        },
      );
      return rules.map(toRoutingRuleView);
    });
  }

  async isEmpty(): Promise<boolean> {
    return withEm(this.#orm, async (em) => (await em.count(CatalogService, {})) === 0);
  }

  /** Profile administration: the technical admin profile is the technical admins' own business. */
  async #profiles<T>(
    actor: AdminActor,
    profile: Profile,
    work: (em: EntityManager, authority: AdminAuthority) => Promise<T>,
  ): Promise<T> {
    if (profile !== 'technical_admin') return this.#admin(actor, work);
    const result = await inTransaction(this.#orm, async (em) => {
      const authority = await loadAdminAuthority(em, actor);
      assertTechnicalAdmin(authority);
      return work(em, authority);
    });
    await this.#forgetAfterCommit();
    return result;
  }

  /** An administrative use case: one transaction, for a functional admin with an administrative credential. */
  async #admin<T>(
    actor: AdminActor,
    work: (em: EntityManager, authority: AdminAuthority) => Promise<T>,
  ): Promise<T> {
    const result = await inTransaction(this.#orm, async (em) =>
      work(em, await requireFunctionalAdmin(em, actor)),
    );
    await this.#forgetAfterCommit();
    return result;
  }
}

export async function writeEstablishment(
  em: EntityManager,
  input: z.output<typeof EstablishmentInputSchema>,
): Promise<Establishment> {
  const found = await em.findOne(Establishment, { code: input.code });
  const entity = found ?? em.create(Establishment, { code: input.code, name: input.name });
  entity.name = input.name;
  entity.mailDomains = input.mailDomains;
  return entity;
}

export async function writePerson(
  em: EntityManager,
  input: z.output<typeof PersonInputSchema>,
  authority: AdminAuthority,
): Promise<Person> {
  const establishment = await maybe(input.establishment, (c) => establishmentByCode(em, c, 'establishment'));
  const found = await em.findOne(Person, { email: input.email });
  // Linking an account to an identity, and deactivating a technical admin, can hand over the
  // service: technical admins only.
  if (input.subject !== undefined && input.subject !== (found?.subject ?? null))
    assertTechnicalAdmin(authority);
  if (found && input.active === false && found.active) {
    const technicalAdmin = await em.count(ProfileGrant, { person: found, profile: 'technical_admin' });
    if (technicalAdmin > 0) assertTechnicalAdmin(authority);
  }
  const person =
    found ??
    em.create(Person, {
      email: input.email,
      displayName: input.displayName,
      establishment: establishment ?? (await establishmentForEmail(em, input.email)),
    });
  person.displayName = input.displayName;
  if (establishment !== undefined) person.establishment = establishment;
  if (input.affiliation) person.affiliation = input.affiliation;
  if (input.language) person.language = input.language;
  if (input.active !== undefined) person.active = input.active;
  if (input.subject !== undefined) person.subject = input.subject;
  return person;
}

export async function writeTeam(em: EntityManager, input: z.output<typeof TeamInputSchema>): Promise<Team> {
  const establishment = await maybe(input.establishment, (c) => establishmentByCode(em, c, 'establishment'));
  const team =
    (await em.findOne(Team, { code: input.code })) ?? em.create(Team, { code: input.code, name: input.name });
  team.name = input.name;
  if (establishment !== undefined) team.establishment = establishment;
  return team;
}

export async function writeProvider(
  em: EntityManager,
  input: z.output<typeof ProviderInputSchema>,
): Promise<Provider> {
  const provider =
    (await em.findOne(Provider, { code: input.code })) ??
    em.create(Provider, { code: input.code, name: input.name });
  provider.name = input.name;
  if (input.contact !== undefined) provider.contact = input.contact;
  if (input.supportUrl !== undefined) provider.supportUrl = input.supportUrl;
  if (input.mailSubjectPattern !== undefined) provider.mailSubjectPattern = input.mailSubjectPattern;
  if (input.mailAddress !== undefined) provider.mailAddress = input.mailAddress?.toLowerCase() ?? null;
  return provider;
}

/**
 * Grants a profile (an administrator's grant: it survives identity-provider syncs). Granting
 * `technical_admin` needs a technical admin.
 */
export async function writeGrant(
  em: EntityManager,
  input: z.output<typeof GrantInputSchema>,
  authority: AdminAuthority,
): Promise<ProfileGrant> {
  if (input.profile === 'technical_admin') assertTechnicalAdmin(authority);
  const where = await grantWhere(em, input);
  const grant =
    (await em.findOne(ProfileGrant, where)) ?? em.create(ProfileGrant, { ...where, source: null });
  grant.source = null;
  return grant;
}

/**
 * Brings the grants an identity provider's groups gave a person in step with the groups it sends
 * now: missing ones granted (marked with the issuer), those it no longer maps revoked. Grants from
 * administrators or other providers are left alone. The last technical admin is never revoked this
 * way (the database would refuse the sign-in); an administrator must hand the role over first.
 */
async function syncProviderGrants(
  em: EntityManager,
  person: Person,
  issuer: string,
  mapped: readonly { profile: Profile; service?: string | undefined; team?: string | undefined }[],
): Promise<boolean> {
  let changed = false;
  const held = await em.find(ProfileGrant, { person }, { populate: ['service', 'team'] });
  const keyOf = (g: { profile: string; service?: string | null; team?: string | null }) =>
    `${g.profile} ${g.service ?? ''} ${g.team ?? ''}`;
  const wanted = new Map<string, (typeof mapped)[number]>();
  for (const g of mapped) wanted.set(keyOf(g), g);
  for (const grant of held) {
    const key = keyOf({ profile: grant.profile, service: grant.service?.code, team: grant.team?.code });
    if (wanted.delete(key)) continue;
    if (grant.source !== issuer) continue;
    if (grant.profile === 'technical_admin' && (await activeTechnicalAdmins(em)) <= 1) continue;
    em.remove(grant);
    changed = true;
  }
  for (const g of wanted.values()) {
    const where = await grantWhere(em, { ...g, person: person.email }, person);
    em.create(ProfileGrant, { ...where, source: issuer });
    changed = true;
  }
  return changed;
}

async function activeTechnicalAdmins(em: EntityManager): Promise<number> {
  return em.count(ProfileGrant, { profile: 'technical_admin', person: { active: true } });
}

export async function writeRoutingRule(
  em: EntityManager,
  input: z.output<typeof RoutingRuleInputSchema>,
): Promise<RoutingRule> {
  const team = await teamByCode(em, input.team, 'team');
  const agent = await maybe(input.agent, (k) => personByKey(em, k, 'agent'));
  const matchService = await maybe(input.match.service, (c) => serviceByCode(em, c, 'match.service'));
  const matchEstablishment = await maybe(input.match.establishment, (c) =>
    establishmentByCode(em, c, 'match.establishment'),
  );
  const rule =
    (await em.findOne(RoutingRule, { code: input.code })) ??
    em.create(RoutingRule, { code: input.code, team });
  rule.team = team;
  if (input.position !== undefined) rule.position = input.position;
  if (input.active !== undefined) rule.active = input.active;
  rule.matchService = matchService ?? null;
  rule.matchType = input.match.type ?? null;
  rule.matchEstablishment = matchEstablishment ?? null;
  if (agent !== undefined) rule.agent = agent;
  if (input.defaultType !== undefined) rule.defaultType = input.defaultType;
  return rule;
}

export async function writeService(
  em: EntityManager,
  input: z.output<typeof ServicePatchSchema>,
  mode: 'upsert' | 'patch',
): Promise<CatalogService> {
  const parent = await maybe(input.parent, (c) => serviceByCode(em, c, 'parent'));
  const owner = await maybe(input.owner, (k) => personByKey(em, k, 'owner'));
  const defaultTeam = await maybe(input.defaultTeam, (c) => teamByCode(em, c, 'defaultTeam'));
  const provider = await maybe(input.provider, (c) => providerByCode(em, c, 'provider'));
  const existing = await em.findOne(CatalogService, { code: input.code });
  if (!existing && mode === 'patch')
    throw new DomainError('NOT_FOUND', { params: { entity: 'service', key: input.code } });
  if (!existing && input.name === undefined) throw fieldError('name', 'field.required');
  const service = existing ?? em.create(CatalogService, { code: input.code, name: input.name! });
  if (parent && service.id && (await serviceAncestry(em, [parent.id])).has(service.id)) {
    throw fieldError('parent', 'field.invalid', { reason: 'a service cannot sit under itself' });
  }
  if (input.name !== undefined) service.name = input.name;
  if (input.description !== undefined) service.description = input.description;
  if (parent !== undefined) service.parent = parent;
  if (input.status) service.status = input.status;
  if (owner !== undefined) service.owner = owner;
  if (input.approvalPolicy) service.approvalPolicy = input.approvalPolicy;
  if (defaultTeam !== undefined) service.defaultTeam = defaultTeam;
  if (provider !== undefined) service.provider = provider;
  return service;
}

async function grantWhere(em: EntityManager, input: z.output<typeof GrantInputSchema>, known?: Person) {
  const scope = PROFILE_SCOPE[input.profile];
  if (scope !== 'service' && input.service)
    throw fieldError('service', 'field.scope_mismatch', { profile: input.profile });
  if (scope !== 'team' && input.team)
    throw fieldError('team', 'field.scope_mismatch', { profile: input.profile });
  if (scope === 'service' && !input.service) throw fieldError('service', 'field.required');
  if (scope === 'team' && !input.team) throw fieldError('team', 'field.required');
  const person = known ?? (await personByKey(em, input.person, 'person'));
  const service = input.service ? await serviceByCode(em, input.service, 'service') : null;
  const team = input.team ? await teamByCode(em, input.team, 'team') : null;
  return { person, profile: input.profile, service, team };
}

export function toRoutingRuleView(rule: RoutingRule): RoutingRuleView {
  return {
    code: rule.code,
    position: rule.position,
    active: rule.active,
    match: {
      service: rule.matchService?.code ?? null,
      type: rule.matchType ?? null,
      establishment: rule.matchEstablishment?.code ?? null,
    },
    team: rule.team.code,
    agent: rule.agent?.email ?? null,
    defaultType: rule.defaultType ?? null,
  };
}

function toPersonView(person: Person, grants: ProfileGrant[]): PersonView {
  return {
    id: person.id,
    email: person.email,
    displayName: person.displayName,
    establishment: person.establishment?.code ?? null,
    affiliation: person.affiliation,
    language: person.language,
    active: person.active,
    profiles: [
      { profile: 'requester', service: null, team: null },
      ...grants
        .map((g) => ({ profile: g.profile, service: g.service?.code ?? null, team: g.team?.code ?? null }))
        .sort((a, b) =>
          `${a.profile}${a.service}${a.team}`.localeCompare(`${b.profile}${b.service}${b.team}`),
        ),
    ],
  };
}

/** Places a person in the establishment whose mail domain matches their address, if any. */
async function establishmentForEmail(em: EntityManager, email: string): Promise<Establishment | null> {
  const domain = email.split('@')[1] ?? '';
  return em.findOne(Establishment, { mailDomains: { $contains: [domain] } });
}
