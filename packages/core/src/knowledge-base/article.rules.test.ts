/**
 * The knowledge base's rules table, every profile × action × status, read against an explicit
 * expectation written out by hand (not derived from the table itself).
 */
import { describe, expect, it } from 'vitest';
import {
  ARTICLE_ACTIONS,
  type ArticleRoleFacts,
  availableArticleActions,
  decideArticleAction,
  mayRead,
  rolesOnArticle,
} from './article.rules.ts';
import { ARTICLE_STATUSES, AUDIENCES } from './article.types.ts';

const SCENARI = 'svc-scenari';
const OPALE = 'svc-scenari-opale';
const MOODLE = 'svc-moodle';

const nobody: ArticleRoleFacts = {
  personId: null,
  staff: false,
  functionalAdmin: false,
  writesGeneralArticles: false,
  writerServices: new Set(),
  publisherServices: new Set(),
};
const person = (id: string, facts: Partial<ArticleRoleFacts> = {}): ArticleRoleFacts => ({
  ...nobody,
  personId: id,
  ...facts,
});

/** The mission's people, as the service derives their facts for an article about Scenari › Opale. */
const PROFILES: Record<string, ArticleRoleFacts> = {
  anonymous: nobody,
  requester: person('requester'),
  approver: person('approver', { staff: true }),
  technicalAdmin: person('technical', { staff: true }),
  technicianOfTheService: person('tech', {
    staff: true,
    writesGeneralArticles: true,
    writerServices: new Set([SCENARI, OPALE]),
  }),
  technicianElsewhere: person('tech-moodle', {
    staff: true,
    writesGeneralArticles: true,
    writerServices: new Set([MOODLE]),
  }),
  moderatorOfTheService: person('moderator', {
    staff: true,
    writesGeneralArticles: true,
    writerServices: new Set([SCENARI, OPALE]),
    publisherServices: new Set([SCENARI, OPALE]),
  }),
  moderatorElsewhere: person('moderator-moodle', {
    staff: true,
    writesGeneralArticles: true,
    writerServices: new Set([MOODLE]),
    publisherServices: new Set([MOODLE]),
  }),
  functionalAdmin: person('admin', { staff: true, functionalAdmin: true }),
  /** The article's owner, who no longer handles its service. */
  ownerElsewhere: person('owner', {
    staff: true,
    writesGeneralArticles: true,
    writerServices: new Set([MOODLE]),
  }),
};

const article = { serviceIds: [OPALE], ownerId: 'owner', reviewerIds: ['approver'] };

/** Expected actions per profile and status, written out: `status: actions`. */
const EXPECTED: Record<string, Record<string, string[]>> = {
  anonymous: { draft: [], in_review: [], published: [], archived: [] },
  requester: { draft: [], in_review: [], published: ['vote'], archived: [] },
  approver: { draft: [], in_review: [], published: ['vote'], archived: [] },
  technicalAdmin: { draft: [], in_review: [], published: ['vote'], archived: [] },
  technicianOfTheService: {
    draft: ['edit', 'submit', 'delete'],
    in_review: ['edit'],
    published: ['vote'],
    archived: [],
  },
  technicianElsewhere: { draft: [], in_review: [], published: ['vote'], archived: [] },
  moderatorOfTheService: {
    draft: ['edit', 'submit', 'publish', 'archive', 'restore', 'delete'],
    in_review: ['edit', 'publish', 'return_to_draft', 'archive', 'restore'],
    published: ['edit', 'return_to_draft', 'archive', 'restore', 'vote'],
    archived: ['restore'],
  },
  moderatorElsewhere: { draft: [], in_review: [], published: ['vote'], archived: [] },
  functionalAdmin: {
    draft: ['edit', 'submit', 'publish', 'archive', 'restore', 'delete'],
    in_review: ['edit', 'publish', 'return_to_draft', 'archive', 'restore'],
    published: ['edit', 'return_to_draft', 'archive', 'restore', 'vote'],
    archived: ['restore'],
  },
  ownerElsewhere: { draft: [], in_review: [], published: ['vote'], archived: [] },
};

describe('who may do what on an article (profile × status × action)', () => {
  for (const [profile, facts] of Object.entries(PROFILES)) {
    for (const status of ARTICLE_STATUSES) {
      it(`${profile} on a ${status} article`, () => {
        const roles = rolesOnArticle(facts, article);
        const expected = EXPECTED[profile]![status]!;
        for (const action of ARTICLE_ACTIONS.filter((a) => a !== 'create')) {
          const outcome = decideArticleAction(action, status, roles);
          expect(outcome.ok, `${action}`).toBe(expected.includes(action));
        }
        expect(new Set(availableArticleActions(status, roles))).toEqual(new Set(expected));
      });
    }
  }

  it('creates: those who handle the service, its moderators and functional admins; general articles by any technician or moderator (and functional admins)', () => {
    const mayCreate = (facts: ArticleRoleFacts, serviceIds: string[]) =>
      decideArticleAction(
        'create',
        null,
        rolesOnArticle(facts, { serviceIds, ownerId: facts.personId, reviewerIds: [] }),
      ).ok;
    const onOpale = Object.entries(PROFILES)
      .filter(([, f]) => mayCreate(f, [OPALE]))
      .map(([p]) => p);
    expect(onOpale.sort()).toEqual(['functionalAdmin', 'moderatorOfTheService', 'technicianOfTheService']);
    const general = Object.entries(PROFILES)
      .filter(([, f]) => mayCreate(f, []))
      .map(([p]) => p);
    expect(general.sort()).toEqual([
      'functionalAdmin',
      'moderatorElsewhere',
      'moderatorOfTheService',
      'ownerElsewhere',
      'technicianElsewhere',
      'technicianOfTheService',
    ]);
  });

  it('a general article is published by functional admins only', () => {
    const general = { serviceIds: [], ownerId: null, reviewerIds: [] };
    const publishers = Object.entries(PROFILES)
      .filter(([, f]) => decideArticleAction('publish', 'in_review', rolesOnArticle(f, general)).ok)
      .map(([p]) => p);
    expect(publishers).toEqual(['functionalAdmin']);
  });

  it('says the status refuses before the profile does', () => {
    const roles = rolesOnArticle(PROFILES.requester!, article);
    expect(decideArticleAction('publish', 'archived', roles)).toEqual({
      ok: false,
      refusal: { code: 'INVALID_TRANSITION', rule: 'article_action_not_allowed_in_status' },
    });
    expect(decideArticleAction('publish', 'draft', roles)).toEqual({
      ok: false,
      refusal: { code: 'FORBIDDEN', rule: 'article_role_not_allowed' },
    });
  });

  it('leads where the lifecycle says; restoring an archived article makes it a draft', () => {
    const roles = rolesOnArticle(PROFILES.moderatorOfTheService!, article);
    const to = (action: (typeof ARTICLE_ACTIONS)[number], status: (typeof ARTICLE_STATUSES)[number]) => {
      const o = decideArticleAction(action, status, roles);
      return o.ok ? o.to : null;
    };
    expect(to('submit', 'draft')).toBe('in_review');
    expect(to('publish', 'in_review')).toBe('published');
    expect(to('archive', 'published')).toBe('archived');
    expect(to('return_to_draft', 'published')).toBe('draft');
    expect(to('restore', 'published')).toBe('published');
    expect(to('restore', 'archived')).toBe('draft');
    expect(to('edit', 'in_review')).toBe('in_review');
  });
});

describe('who reads an article (profile × audience × status)', () => {
  /** Profiles that read, written out: published by audience, then anything unpublished. */
  const READS: Record<
    string,
    { public: boolean; requesters: boolean; internal: boolean; unpublished: boolean }
  > = {
    anonymous: { public: true, requesters: false, internal: false, unpublished: false },
    requester: { public: true, requesters: true, internal: false, unpublished: false },
    approver: { public: true, requesters: true, internal: true, unpublished: true }, // a reviewer
    technicalAdmin: { public: true, requesters: true, internal: true, unpublished: false },
    technicianOfTheService: { public: true, requesters: true, internal: true, unpublished: true },
    technicianElsewhere: { public: true, requesters: true, internal: true, unpublished: false },
    moderatorOfTheService: { public: true, requesters: true, internal: true, unpublished: true },
    moderatorElsewhere: { public: true, requesters: true, internal: true, unpublished: false },
    functionalAdmin: { public: true, requesters: true, internal: true, unpublished: true },
    ownerElsewhere: { public: true, requesters: true, internal: true, unpublished: true },
  };
  for (const [profile, facts] of Object.entries(PROFILES)) {
    it(profile, () => {
      const roles = rolesOnArticle(facts, article);
      const expected = READS[profile]!;
      for (const audience of AUDIENCES) {
        expect(mayRead({ status: 'published', audience }, roles), audience).toBe(expected[audience]);
        for (const status of ['draft', 'in_review', 'archived'] as const) {
          expect(mayRead({ status, audience }, roles), `${status} ${audience}`).toBe(expected.unpublished);
        }
      }
    });
  }

  it('a requester named owner or reviewer still reads no draft (only staff are)', () => {
    const roles = rolesOnArticle(PROFILES.requester!, {
      serviceIds: [OPALE],
      ownerId: 'requester',
      reviewerIds: ['requester'],
    });
    expect(mayRead({ status: 'draft', audience: 'public' }, roles)).toBe(false);
  });
});
