/**
 * The knowledge base's rules as data: who may read an article (by audience and status), which
 * actions exist, from which statuses, by which roles, and where they lead. Pure: the service derives
 * the caller's roles on an article from their profiles and the catalogue, then asks these tables.
 */
import type { ArticleStatus, Audience } from './article.types.ts';

/**
 * What a caller is *for one article*. `anonymous` has no credential; every signed-in person is a
 * `reader`; `staff` holds any profile; a `writer` handles one of the article's services (technician
 * of a team the service is routed to, or its moderator); a `publisher` moderates one of them; the
 * `owner` and `reviewer`s are named on the article.
 */
export const ARTICLE_ROLES = [
  'anonymous',
  'reader',
  'staff',
  'writer',
  'publisher',
  'owner',
  'reviewer',
  'functional_admin',
] as const;
export type ArticleRole = (typeof ARTICLE_ROLES)[number];

/** Who reads a *published* article, by its audience. */
export const AUDIENCE_READERS: Readonly<Record<Audience, readonly ArticleRole[]>> = {
  public: ['anonymous', 'reader', 'staff', 'writer', 'publisher', 'owner', 'reviewer', 'functional_admin'],
  requesters: ['reader', 'staff', 'writer', 'publisher', 'owner', 'reviewer', 'functional_admin'],
  internal: ['staff', 'writer', 'publisher', 'owner', 'reviewer', 'functional_admin'],
};

/** Who reads an article that is not published (a draft, one in review, an archived one). */
export const UNPUBLISHED_READERS: readonly ArticleRole[] = [
  'writer',
  'publisher',
  'owner',
  'reviewer',
  'functional_admin',
];

const WRITERS: readonly ArticleRole[] = ['writer', 'publisher', 'functional_admin'];
const PUBLISHERS: readonly ArticleRole[] = ['publisher', 'functional_admin'];

export const ARTICLE_ACTIONS = [
  'create',
  'edit',
  'submit',
  'publish',
  'return_to_draft',
  'archive',
  'restore',
  'delete',
  'vote',
] as const;
export type ArticleAction = (typeof ARTICLE_ACTIONS)[number];

interface ArticleActionDefinition {
  /** Statuses the action may be taken from. */
  from: readonly ArticleStatus[];
  /** Roles that may take it. */
  by: readonly ArticleRole[];
  /** Narrower roles in some statuses (a published article is edited by its publishers only). */
  byIn?: Partial<Record<ArticleStatus, readonly ArticleRole[]>>;
  /** Where it leads: a status, `same`, or `deleted` (the article and its history are gone). */
  to: ArticleStatus | 'same' | 'deleted';
  /** Exceptions to `to` by status (restoring an archived article brings it back as a draft). */
  toFrom?: Partial<Record<ArticleStatus, ArticleStatus>>;
}

/**
 * The article lifecycle: draft → in_review → published → archived. Read as: action ← from states,
 * by roles → to state. `create` applies to an article that does not exist yet: its roles are those
 * the caller would have on the services it names.
 */
export const ARTICLE_WORKFLOW: Readonly<Record<ArticleAction, ArticleActionDefinition>> = {
  create: { from: [], by: WRITERS, to: 'draft' },
  edit: {
    from: ['draft', 'in_review', 'published'],
    by: WRITERS,
    byIn: { published: PUBLISHERS },
    to: 'same',
  },
  submit: { from: ['draft'], by: WRITERS, to: 'in_review' },
  publish: { from: ['draft', 'in_review'], by: PUBLISHERS, to: 'published' },
  return_to_draft: { from: ['in_review', 'published'], by: PUBLISHERS, to: 'draft' },
  archive: { from: ['draft', 'in_review', 'published'], by: PUBLISHERS, to: 'archived' },
  restore: {
    from: ['draft', 'in_review', 'published', 'archived'],
    by: PUBLISHERS,
    to: 'same',
    toFrom: { archived: 'draft' },
  },
  /** Discarding a draft; one that was ever published is archived instead (the service checks). */
  delete: { from: ['draft'], by: WRITERS, to: 'deleted' },
  vote: { from: ['published'], by: ['reader'], to: 'same' },
};

/** Who reads an article's revisions: those who read its drafts (old content may be unpublished). */
export const HISTORY_READERS: readonly ArticleRole[] = UNPUBLISHED_READERS;

/** Whether these roles may read an article in this status for this audience. */
export function mayRead(
  article: { status: ArticleStatus; audience: Audience },
  roles: ReadonlySet<ArticleRole>,
): boolean {
  const allowed = article.status === 'published' ? AUDIENCE_READERS[article.audience] : UNPUBLISHED_READERS;
  return allowed.some((r) => roles.has(r));
}

export type ArticleRefusal =
  | { code: 'INVALID_TRANSITION'; rule: 'article_action_not_allowed_in_status' }
  | { code: 'FORBIDDEN'; rule: 'article_role_not_allowed' };

/**
 * Whether the roles may take the action on an article in `status` (null for `create`), and the
 * status it leads to; or why not. A status check comes first, so that an action nobody may take
 * now says so rather than blaming the caller's profile.
 */
export function decideArticleAction(
  action: ArticleAction,
  status: ArticleStatus | null,
  roles: ReadonlySet<ArticleRole>,
): { ok: true; to: ArticleStatus | 'deleted' } | { ok: false; refusal: ArticleRefusal } {
  const def = ARTICLE_WORKFLOW[action];
  if (status !== null && !def.from.includes(status)) {
    return {
      ok: false,
      refusal: { code: 'INVALID_TRANSITION', rule: 'article_action_not_allowed_in_status' },
    };
  }
  const by = (status !== null ? def.byIn?.[status] : undefined) ?? def.by;
  if (!by.some((r) => roles.has(r))) {
    return { ok: false, refusal: { code: 'FORBIDDEN', rule: 'article_role_not_allowed' } };
  }
  const to = def.to === 'same' ? (status !== null ? (def.toFrom?.[status] ?? status) : 'draft') : def.to;
  return { ok: true, to };
}

/** The actions these roles may take now on an article in `status` (what clients show). */
export function availableArticleActions(
  status: ArticleStatus,
  roles: ReadonlySet<ArticleRole>,
): ArticleAction[] {
  return ARTICLE_ACTIONS.filter((a) => a !== 'create' && decideArticleAction(a, status, roles).ok);
}

/** The facts roles on an article are derived from (the service reads them from grants and the catalogue). */
export interface ArticleRoleFacts {
  /** Null for an anonymous caller. */
  personId: string | null;
  /** Holds any granted profile. */
  staff: boolean;
  functionalAdmin: boolean;
  /** Technician or moderator of anything: may write articles that name no service. */
  writesGeneralArticles: boolean;
  /** Services (with their sub-services) the caller handles: moderated, or routed to their teams. */
  writerServices: ReadonlySet<string>;
  /** Services (with their sub-services) the caller moderates. */
  publisherServices: ReadonlySet<string>;
}

/**
 * The caller's roles on an article naming `serviceIds`, owned by `ownerId`, reviewed by
 * `reviewerIds`. An article naming no service is written by any technician or moderator and
 * published by functional admins.
 */
export function rolesOnArticle(
  facts: ArticleRoleFacts,
  article: { serviceIds: readonly string[]; ownerId: string | null; reviewerIds: readonly string[] },
): Set<ArticleRole> {
  const roles = new Set<ArticleRole>();
  if (facts.personId === null) {
    roles.add('anonymous');
    return roles;
  }
  roles.add('reader');
  if (facts.staff) roles.add('staff');
  if (facts.functionalAdmin) roles.add('functional_admin');
  const services = article.serviceIds;
  if (
    services.length === 0 ? facts.writesGeneralArticles : services.some((s) => facts.writerServices.has(s))
  ) {
    roles.add('writer');
  }
  if (services.some((s) => facts.publisherServices.has(s))) roles.add('publisher');
  // Owners and reviewers are staff by construction; if they lost every profile they read no draft.
  if (facts.staff && article.ownerId === facts.personId) roles.add('owner');
  if (facts.staff && article.reviewerIds.includes(facts.personId)) roles.add('reviewer');
  return roles;
}
