import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { DomainError, type FieldIssue } from '../errors.ts';
import { Establishment } from '../establishments/establishment.entity.ts';
import { Mailbox } from '../mail/inbound/mailbox.entity.ts';
import { exportMailboxes, MailboxInputSchema, writeMailbox } from '../mail/inbound/mailbox.schemas.ts';
import { type AdminAuthority, assertTechnicalAdmin } from '../people/authority.ts';
import { Person } from '../people/person.entity.ts';
import { ProfileGrant } from '../people/profile-grant.entity.ts';
import { Provider } from '../providers/provider.entity.ts';
import { RoutingRule } from '../routing/routing-rule.entity.ts';
import { ServiceLevel } from '../service-levels/service-level.entity.ts';
import {
  CalendarInputSchema,
  exportCalendars,
  exportServiceLevels,
  ServiceLevelInputSchema,
  writeCalendar,
  writeServiceLevel,
} from '../service-levels/service-level.schemas.ts';
import { Team } from '../teams/team.entity.ts';
import {
  EstablishmentInputSchema,
  GrantInputSchema,
  PersonInputSchema,
  ProviderInputSchema,
  RoutingRuleInputSchema,
  ServiceInputSchema,
  TeamInputSchema,
} from './catalogue.schemas.ts';
import {
  writeEstablishment,
  writeGrant,
  writePerson,
  writeProvider,
  writeRoutingRule,
  writeService,
  writeTeam,
} from './catalogue.service.ts';
import { CatalogService } from './service.entity.ts';

/**
 * Catalogue as code: a whole catalogue as one document (what `guichet catalog apply -f` reads and
 * `catalog export` writes), its plan against the stored catalogue, and its application in one
 * transaction.
 *
 * Semantics, kubectl-like: the document creates and updates what it names; a field left out of an
 * item is left as stored; nothing absent from the document is touched unless `prune` is asked, which
 * retires absent services, deactivates absent routing rules and revokes absent profiles (people,
 * teams, providers and establishments are never deleted: tickets refer to them).
 */
export const CatalogueDocumentSchema = z
  .object({
    establishments: z.array(EstablishmentInputSchema).default([]),
    providers: z.array(ProviderInputSchema).default([]),
    teams: z.array(TeamInputSchema).default([]),
    people: z.array(PersonInputSchema).default([]),
    services: z.array(ServiceInputSchema).default([]),
    profiles: z.array(GrantInputSchema).default([]),
    routingRules: z.array(RoutingRuleInputSchema).default([]),
    /** Inbound mail: which address feeds which service (see docs/mail.md). */
    mailboxes: z.array(MailboxInputSchema).default([]),
    /** Business calendars of the establishments and the group (see docs/service-levels.md). */
    calendars: z.array(CalendarInputSchema).default([]),
    /** Service-level targets per service × priority (× type), on a calendar. */
    serviceLevels: z.array(ServiceLevelInputSchema).default([]),
  })
  .strict();
export type CatalogueDocumentInput = z.input<typeof CatalogueDocumentSchema>;
export type CatalogueDocumentOutput = z.output<typeof CatalogueDocumentSchema>;
type Doc = CatalogueDocumentOutput;
type Kind = keyof Doc;

/** The document's sections, in the order they are applied. */
export const CATALOGUE_KINDS = [
  'establishments',
  'providers',
  'teams',
  'people',
  'services',
  'profiles',
  'routingRules',
  'mailboxes',
  'calendars',
  'serviceLevels',
] as const satisfies readonly Kind[];
const KINDS: readonly Kind[] = CATALOGUE_KINDS;
export const CATALOGUE_OPS = ['create', 'update', 'retire', 'revoke'] as const;

export interface CatalogueFieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface CatalogueChange {
  kind: Kind;
  /** The item's natural key: code, email, or `person profile [service|team]` for profiles. */
  key: string;
  op: (typeof CATALOGUE_OPS)[number];
  fields: CatalogueFieldChange[];
}

export interface CataloguePlan {
  changes: CatalogueChange[];
}

/** The stored catalogue as a document (people: only those the catalogue refers to). */
export async function exportCatalogue(em: EntityManager): Promise<Doc> {
  const [establishments, providers, teams, services, grants, rules] = await Promise.all([
    em.find(Establishment, {}, { orderBy: { code: 'asc' } }),
    em.find(Provider, {}, { orderBy: { code: 'asc' } }),
    em.find(Team, {}, { orderBy: { code: 'asc' }, populate: ['establishment'] }),
    em.find(
      CatalogService,
      {},
      { orderBy: { code: 'asc' }, populate: ['parent', 'owner', 'defaultTeam', 'provider'] },
    ),
    // Grants an identity provider keeps in step are the provider's, not the document's.
    em.find(ProfileGrant, { source: null }, { populate: ['person', 'service', 'team'] }),
    em.find(
      RoutingRule,
      {},
      {
        orderBy: { position: 'asc', code: 'asc' },
        populate: ['matchService', 'matchEstablishment', 'team', 'agent'],
      },
    ),
  ]);
  const referenced = new Set<string>([
    ...grants.map((g) => g.person.email),
    ...services.flatMap((s) => (s.owner ? [s.owner.email] : [])),
    ...rules.flatMap((r) => (r.agent ? [r.agent.email] : [])),
  ]);
  const people = await em.find(
    Person,
    { email: { $in: [...referenced] } },
    { orderBy: { email: 'asc' }, populate: ['establishment'] },
  );
  return {
    establishments: establishments.map((e) => ({ code: e.code, name: e.name, mailDomains: e.mailDomains })),
    providers: providers.map((p) => ({
      code: p.code,
      name: p.name,
      contact: p.contact ?? null,
      supportUrl: p.supportUrl ?? null,
      mailSubjectPattern: p.mailSubjectPattern ?? null,
      mailAddress: p.mailAddress ?? null,
    })),
    teams: teams.map((t) => ({ code: t.code, name: t.name, establishment: t.establishment?.code ?? null })),
    people: people.map((p) => ({
      email: p.email,
      displayName: p.displayName,
      establishment: p.establishment?.code ?? null,
      affiliation: p.affiliation,
      language: p.language,
      active: p.active,
    })),
    services: parentsFirst(
      services.map((s) => ({
        code: s.code,
        name: s.name,
        description: s.description,
        parent: s.parent?.code ?? null,
        status: s.status,
        owner: s.owner?.email ?? null,
        approvalPolicy: s.approvalPolicy,
        defaultTeam: s.defaultTeam?.code ?? null,
        provider: s.provider?.code ?? null,
      })),
    ),
    profiles: grants
      .map((g) => ({
        person: g.person.email,
        profile: g.profile,
        ...(g.service ? { service: g.service.code } : {}),
        ...(g.team ? { team: g.team.code } : {}),
      }))
      .sort((a, b) => grantKey(a).localeCompare(grantKey(b))),
    routingRules: rules.map((r) => ({
      code: r.code,
      position: r.position,
      active: r.active,
      match: {
        service: r.matchService?.code ?? null,
        type: r.matchType ?? null,
        establishment: r.matchEstablishment?.code ?? null,
      },
      team: r.team.code,
      agent: r.agent?.email ?? null,
      defaultType: r.defaultType ?? null,
    })),
    mailboxes: await exportMailboxes(em),
    calendars: await exportCalendars(em),
    serviceLevels: await exportServiceLevels(em),
  };
}

/** What applying `desired` to `current` would change, field by field. Pure. */
export function planCatalogue(current: Doc, desired: Doc, options: { prune?: boolean } = {}): CataloguePlan {
  const changes: CatalogueChange[] = [];
  for (const kind of KINDS) {
    const stored = new Map(
      (current[kind] as unknown[]).map((item) => [keyOfItem(kind, item), item as Record<string, unknown>]),
    );
    const named = new Set<string>();
    for (const item of desired[kind] as Record<string, unknown>[]) {
      const key = keyOfItem(kind, item);
      named.add(key);
      const before = stored.get(key);
      const set = setFields(kind, item);
      if (!before) {
        changes.push({
          kind,
          key,
          op: 'create',
          fields: kind === 'profiles' ? [] : set.map(([field, to]) => ({ field, from: null, to })),
        });
        continue;
      }
      const fields = set
        .filter(([field, to]) => !same(kind, field, before[field], to))
        .map(([field, to]) => ({ field, from: before[field] ?? null, to }));
      if (fields.length > 0) changes.push({ kind, key, op: 'update', fields });
    }
    if (!options.prune) continue;
    for (const [key, item] of stored) {
      if (named.has(key)) continue;
      if (kind === 'services' && item.status !== 'retired') {
        changes.push({
          kind,
          key,
          op: 'retire',
          fields: [{ field: 'status', from: item.status, to: 'retired' }],
        });
      } else if (
        (kind === 'routingRules' || kind === 'mailboxes' || kind === 'serviceLevels') &&
        item.active
      ) {
        changes.push({ kind, key, op: 'retire', fields: [{ field: 'active', from: true, to: false }] });
      } else if (kind === 'profiles') {
        changes.push({ kind, key, op: 'revoke', fields: [] });
      }
    }
  }
  return { changes };
}

/**
 * Applies a document (dependency order: establishments, providers, teams, people, services parents
 * first, profiles, routing rules, then pruning) and returns what changed. Every changed item is
 * written in its own savepoint, so that one run reports every invalid item (`kind.index.field`) at
 * once; any refusal fails the whole document. A dry run does all of it, checks the deferred
 * constraints too, and rolls back: it refuses exactly what applying would refuse.
 */
export async function applyCatalogueDocument(
  em: EntityManager,
  desired: Doc,
  options: { prune?: boolean; dryRun?: boolean },
  authority: AdminAuthority,
): Promise<CataloguePlan> {
  refuseDuplicates(desired);
  const current = await exportCatalogue(em);
  const plan = planCatalogue(current, desired, options);
  if (plan.changes.length === 0) return plan;
  const changed = new Set(plan.changes.map((c) => `${c.kind} ${c.key}`));
  const issues: FieldIssue[] = [];
  const attempt = async (prefix: string, write: (tx: EntityManager) => Promise<unknown>) => {
    try {
      await em.transactional(async (tx) => {
        await write(tx);
        await tx.flush();
      });
    } catch (error) {
      const prefixed = withPrefix(error, prefix);
      if (!(prefixed instanceof DomainError) || prefixed.code !== 'VALIDATION_FAILED') throw prefixed;
      issues.push(...(prefixed.details.fields ?? [{ field: prefix, rule: 'field.invalid_item' }]));
    }
  };
  const step = async <K extends Kind>(
    kind: K,
    items: { item: Doc[K][number]; index: number }[],
    write: (tx: EntityManager, item: Doc[K][number]) => Promise<unknown>,
  ) => {
    for (const { item, index } of items) {
      if (!changed.has(`${kind} ${keyOfItem(kind, item)}`)) continue;
      await attempt(`${kind}.${index}`, (tx) => write(tx, item));
    }
  };
  const indexed = <K extends Kind>(kind: K) =>
    (desired[kind] as Doc[K][number][]).map((item, index) => ({ item, index }));
  await step('establishments', indexed('establishments'), (tx, e) => writeEstablishment(tx, e));
  await step('providers', indexed('providers'), (tx, p) => writeProvider(tx, p));
  await step('teams', indexed('teams'), (tx, t) => writeTeam(tx, t));
  await step('people', indexed('people'), (tx, p) => writePerson(tx, p, authority));
  const services = indexed('services');
  const order = parentsFirst(services.map((s) => s.item)).map(
    (item) => services.find((s) => s.item === item)!,
  );
  await step('services', order, (tx, s) => writeService(tx, s, 'upsert'));
  await step('profiles', indexed('profiles'), (tx, g) => writeGrant(tx, g, authority));
  await step('routingRules', indexed('routingRules'), (tx, r) => writeRoutingRule(tx, r));
  await step('mailboxes', indexed('mailboxes'), (tx, m) => writeMailbox(tx, m));
  await step('calendars', indexed('calendars'), (tx, c) => writeCalendar(tx, c));
  await step('serviceLevels', indexed('serviceLevels'), (tx, l) => writeServiceLevel(tx, l));
  for (const change of plan.changes) {
    if (change.op === 'retire' && change.kind === 'services') {
      await em.nativeUpdate(CatalogService, { code: change.key }, { status: 'retired' });
    } else if (change.op === 'retire' && change.kind === 'routingRules') {
      await em.nativeUpdate(RoutingRule, { code: change.key }, { active: false });
    } else if (change.op === 'retire' && change.kind === 'mailboxes') {
      await em.nativeUpdate(Mailbox, { address: change.key }, { active: false });
    } else if (change.op === 'retire' && change.kind === 'serviceLevels') {
      await em.nativeUpdate(ServiceLevel, { code: change.key }, { active: false });
    } else if (change.op === 'revoke') {
      const grant = current.profiles.find((g) => grantKey(g) === change.key);
      if (!grant) continue;
      if (grant.profile === 'technical_admin') assertTechnicalAdmin(authority);
      const held = await em.findOne(ProfileGrant, {
        person: { email: grant.person },
        profile: grant.profile,
        service: grant.service ? { code: grant.service } : null,
        team: grant.team ? { code: grant.team } : null,
        source: null,
      });
      if (held) em.remove(held);
    }
  }
  if (issues.length > 0)
    throw new DomainError('VALIDATION_FAILED', { rule: 'invalid_value', fields: issues });
  await em.flush();
  // Deferred constraints (the last technical admin) are checked now, in a dry run too.
  await em.getConnection().execute('set constraints all immediate', [], 'run', em.getTransactionContext());
  if (options.dryRun) throw new DryRun(plan);
  return plan;
}

/** Thrown to roll a dry run back; carries its plan out of the transaction. */
export class DryRun extends Error {
  readonly plan: CataloguePlan;
  constructor(plan: CataloguePlan) {
    super('dry run');
    this.plan = plan;
  }
}

function grantKey(g: {
  person: string;
  profile: string;
  service?: string | undefined;
  team?: string | undefined;
}) {
  return [g.person.toLowerCase(), g.profile, g.service ?? g.team].filter(Boolean).join(' ');
}

function keyOfItem(kind: Kind, item: unknown): string {
  const i = item as Record<string, unknown> & { person: string; profile: string };
  if (kind === 'profiles') return grantKey(i);
  return String(kind === 'people' ? i.email : kind === 'mailboxes' ? i.address : i.code);
}

/**
 * The fields an item sets, as the upserts apply them: a field left out is left as stored
 * (`mailDomains` and a routing rule's `match` are whole values and always set).
 */
function setFields(kind: Kind, item: Record<string, unknown>): [string, unknown][] {
  if (kind === 'profiles') return [];
  const key = kind === 'people' ? 'email' : kind === 'mailboxes' ? 'address' : 'code';
  return Object.entries(item).filter(([field, value]) => field !== key && value !== undefined) as [
    string,
    unknown,
  ][];
}

const PERSON_FIELDS = new Set(['owner', 'agent']);

function same(kind: Kind, field: string, stored: unknown, wanted: unknown): boolean {
  if (PERSON_FIELDS.has(field) && typeof wanted === 'string' && typeof stored === 'string') {
    return stored.toLowerCase() === wanted.toLowerCase();
  }
  if (kind === 'routingRules' && field === 'match') {
    const w = wanted as Record<string, unknown>;
    const s = (stored ?? {}) as Record<string, unknown>;
    return ['service', 'type', 'establishment'].every((k) => (s[k] ?? null) === (w[k] ?? null));
  }
  return stable(stored ?? null) === stable(wanted ?? null);
}

/** JSON with object keys sorted: jsonb columns (calendars) give their keys back in their own order. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/** Services ordered so that a parent comes before its children (others keep their order). */
function parentsFirst<S extends { code: string; parent?: string | null | undefined }>(services: S[]): S[] {
  const byCode = new Map(services.map((s) => [s.code, s]));
  const out: S[] = [];
  const placed = new Set<string>();
  const visit = (s: S, path: Set<string>) => {
    if (placed.has(s.code) || path.has(s.code)) return;
    path.add(s.code);
    const parent = s.parent ? byCode.get(s.parent) : undefined;
    if (parent) visit(parent, path);
    placed.add(s.code);
    out.push(s);
  };
  for (const s of services) visit(s, new Set());
  return out;
}

/** An item named twice in one document is a mistake in the file: say where, before planning. */
function refuseDuplicates(doc: Doc): void {
  const fields: FieldIssue[] = [];
  for (const kind of KINDS) {
    const first = new Map<string, number>();
    (doc[kind] as unknown[]).forEach((item, index) => {
      const key = keyOfItem(kind, item);
      const seen = first.get(key);
      if (seen === undefined) first.set(key, index);
      else {
        const field =
          kind === 'profiles'
            ? `${kind}.${index}`
            : `${kind}.${index}.${kind === 'people' ? 'email' : kind === 'mailboxes' ? 'address' : 'code'}`;
        fields.push({
          field,
          rule: 'field.invalid',
          params: { reason: `${key} is already at ${kind}.${seen}` },
        });
      }
    });
  }
  if (fields.length > 0) throw new DomainError('VALIDATION_FAILED', { rule: 'invalid_value', fields });
}

function withPrefix(error: unknown, prefix: string): unknown {
  if (!(error instanceof DomainError) || !error.details.fields) return error;
  return new DomainError(
    error.code,
    { ...error.details, fields: error.details.fields.map((f) => ({ ...f, field: `${prefix}.${f.field}` })) },
    { cause: error },
  );
}
