import { type components, describeProblem, type GuichetClient } from '@guichet/api/client';
import { createParser } from 'eventsource-parser';
import { inertDeep } from '../lib/terminal-text.ts';
import { type Names, namesFor } from '../lib/timeline.ts';
import { backlogLines, type Dashboard, dayBefore, type Report, TREND_DAYS } from './dashboard.ts';

export type Ticket = components['schemas']['Ticket'];
export type TicketEvent = components['schemas']['TicketEvent'];

export const QUEUES = [
  'mine',
  'my_teams',
  'unassigned',
  'awaiting_my_approval',
  'pending',
  'resolved',
] as const;
export type Queue = (typeof QUEUES)[number];

export type Team = components['schemas']['Team'];
export type Article = components['schemas']['Article'];
export type ArticleHit = components['schemas']['ArticleHit'];
export type TicketHit = components['schemas']['TicketHit'];
export type MatchReason = components['schemas']['MatchReason'];
export type Announcement = components['schemas']['Announcement'];
export type ProblemAnalysis = components['schemas']['ProblemAnalysis'];
export type LinkedIncident = components['schemas']['LinkedIncident'];

/** The announcements a reader may see now: those in force, and those announced ahead. */
export interface Announcements {
  active: Announcement[];
  upcoming: Announcement[];
}

/**
 * What a problem ticket's panel shows: the analysis as the API gives it to the caller, its linked
 * incidents (staff only), and whether to offer publishing an announcement from it.
 */
export interface ProblemPanel {
  analysis: ProblemAnalysis;
  incidents: LinkedIncident[];
  /**
   * The API shows the caller the problem's staff view and names them moderator or functional admin
   * somewhere (GET /v1/me): the key is offered; the server still decides for the services chosen.
   */
  mayAnnounce: boolean;
}

/** A failed call: the problem as one line, its stable code (and rule), and its field errors. */
export class ApiFailure extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly fields: { field: string; message: string }[];
  /** The problem's rule when it names one (`reports_staff_only`). */
  readonly rule: string | undefined;
  constructor(
    message: string,
    status: number,
    code?: string,
    fields: { field: string; message: string }[] = [],
    rule?: string,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.rule = rule;
  }
  /** Someone changed the ticket since it was shown: 412 on If-Match, or 409 CONFLICT without it. */
  get stale(): boolean {
    return this.status === 412 || this.code === 'CONFLICT';
  }
}

async function ok<D>(request: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<D> {
  const { data, error, response } = await request;
  if (!response.ok) {
    const problem = error as
      | { code?: string; rule?: string; errors?: { field: string; message: string }[] }
      | undefined;
    throw new ApiFailure(
      describeProblem(error as never, response.status),
      response.status,
      problem?.code,
      problem?.errors ?? [],
      problem?.rule,
    );
  }
  // Everything shown here was typed by someone: no escape sequence of theirs reaches the terminal.
  return inertDeep(data as D);
}

/** The profiles the dashboard's key is offered to (the reports' staff). */
const STAFF_PROFILES = ['moderator', 'technician', 'functional_admin'];

export class TuiData {
  readonly api: GuichetClient;
  constructor(api: GuichetClient) {
    this.api = api;
  }

  #query(queue: Queue, extra: { q?: string; service?: string }) {
    const base =
      queue === 'pending'
        ? { status: 'pending' }
        : queue === 'resolved'
          ? { status: 'resolved', sort: '-updatedAt' as const }
          : { queue };
    return {
      ...base,
      ...(extra.q ? { q: extra.q } : {}),
      ...(extra.service ? { service: extra.service } : {}),
    };
  }

  async list(queue: Queue, extra: { q?: string; service?: string } = {}, limit = 100): Promise<Ticket[]> {
    const page = await ok(
      this.api.GET('/v1/tickets', { params: { query: { ...this.#query(queue, extra), limit } as never } }),
    );
    return page.items;
  }

  /** How many tickets each queue holds (200+ when more). */
  async counts(extra: { service?: string } = {}): Promise<Record<Queue, string>> {
    const entries = await Promise.all(
      QUEUES.map(async (q) => {
        try {
          const items = await this.list(q, extra, 200);
          return [q, items.length >= 200 ? '200+' : String(items.length)] as const;
        } catch {
          return [q, '–'] as const; // a queue the caller has no use for (e.g. not a moderator)
        }
      }),
    );
    return Object.fromEntries(entries) as Record<Queue, string>;
  }

  /**
   * A ticket, its timeline, and the names its ids stand for (lib/timeline.ts); for a problem, its
   * panel too (null when the API shows the caller none of it).
   */
  async ticket(ref: string): Promise<{
    ticket: Ticket;
    events: TicketEvent[];
    names: Names;
    problem: ProblemPanel | null;
  }> {
    const path = { params: { path: { reference: ref } } };
    const [ticket, events, teams] = await Promise.all([
      ok(this.api.GET('/v1/tickets/{reference}', path)),
      ok(this.api.GET('/v1/tickets/{reference}/timeline', path)),
      this.teams().catch(() => [] as Team[]),
    ]);
    const problem = ticket.type === 'problem' ? await this.problem(ref).catch(() => null) : null;
    return { ticket, events, names: namesFor(ticket, events, teams), problem };
  }

  /** A problem's analysis and, for its staff, its linked incidents. */
  async problem(reference: string): Promise<ProblemPanel> {
    const path = { params: { path: { reference } } };
    const analysis = await ok(this.api.GET('/v1/problems/{reference}', path));
    if (analysis.view !== 'staff') return { analysis, incidents: [], mayAnnounce: false };
    const [incidents, publisher] = await Promise.all([
      ok(this.api.GET('/v1/problems/{reference}/incidents', path)),
      this.#publisher(),
    ]);
    return { analysis, incidents, mayAnnounce: publisher };
  }

  #me: Promise<components['schemas']['Me'] | null> | null = null;
  /** The caller as GET /v1/me says (fetched once per session; null when it fails, asked again next time). */
  #whoami(): Promise<components['schemas']['Me'] | null> {
    this.#me ??= ok(this.api.GET('/v1/me')).catch(() => {
      this.#me = null;
      return null;
    });
    return this.#me;
  }

  /** Whether the caller holds a profile that publishes announcements. */
  async #publisher(): Promise<boolean> {
    const me = await this.#whoami();
    return Boolean(me?.profiles.some((p) => p.profile === 'moderator' || p.profile === 'functional_admin'));
  }

  /**
   * Whether to offer the dashboard's key: GET /v1/me names the caller moderator, technician or
   * functional admin somewhere. The reports' server still decides (a refusal is said on the screen).
   */
  async staff(): Promise<boolean> {
    const me = await this.#whoami();
    return Boolean(me?.profiles.some((p) => STAFF_PROFILES.includes(p.profile)));
  }

  /**
   * The staff dashboard: the backlog report over the last four weeks by service (and by team, the
   * caller's teams, when they have some), then the tickets whose target is breached and those at
   * risk, nearest due time first.
   */
  async dashboard(now = new Date()): Promise<Dashboard> {
    const from = dayBefore(TREND_DAYS - 1, now);
    const to = dayBefore(0, now);
    const me = await this.#whoami();
    const teams = [
      ...new Set((me?.profiles ?? []).map((p) => p.team).filter((t): t is string => Boolean(t))),
    ];
    // JSON is asked for (the client's default Accept): the answer is a report, never its CSV.
    const backlog = async (query: { by: string; team?: string }) =>
      (await ok(
        this.api.GET('/v1/reports/{name}', {
          params: { path: { name: 'backlog' }, query: { from, to, ...query } },
        }),
      )) as Report;
    const late = async (sla: 'breached' | 'at_risk') =>
      (await ok(this.api.GET('/v1/tickets', { params: { query: { sla, sort: 'dueAt', limit: 50 } } }))).items;
    const [services, byTeam, breached, atRisk] = await Promise.all([
      backlog({ by: 'service,day' }),
      teams.length > 0 ? backlog({ by: 'team,day', team: teams.join(',') }) : Promise.resolve(null),
      late('breached'),
      late('at_risk'),
    ]);
    return {
      from,
      to,
      services: backlogLines(services, 'service'),
      teams: byTeam ? backlogLines(byTeam, 'team') : null,
      breached,
      atRisk,
    };
  }

  /** The announcements in force and those to come that the caller may read. */
  async announcements(): Promise<Announcements> {
    const page = (state: 'active' | 'upcoming') =>
      ok(this.api.GET('/v1/announcements', { params: { query: { state, limit: 100 } } }));
    const [active, upcoming] = await Promise.all([page('active'), page('upcoming')]);
    return { active: active.items, upcoming: upcoming.items };
  }

  /** The announcements in force or to come that are linked to the ticket. */
  async announcementsOf(reference: string): Promise<Announcement[]> {
    const { active, upcoming } = await this.announcements();
    return [...active, ...upcoming].filter((a) => a.linkedTicket === reference);
  }

  publishAnnouncement(body: components['schemas']['CreateAnnouncement']): Promise<Announcement> {
    return ok(this.api.POST('/v1/announcements', { body }));
  }

  postAnnouncementUpdate(
    id: string,
    body: components['schemas']['PostAnnouncementUpdate'],
  ): Promise<Announcement> {
    return ok(this.api.POST('/v1/announcements/{id}/updates', { params: { path: { id } }, body }));
  }

  #teams: Promise<Team[]> | null = null;
  /** The teams and their technicians, fetched once per session (pickers, timeline names). */
  teams(): Promise<Team[]> {
    this.#teams ??= ok(this.api.GET('/v1/teams')).catch((error: unknown) => {
      this.#teams = null;
      throw error;
    });
    return this.#teams;
  }

  /** Active services and sub-services, parents first, with their parent's code. */
  async services(): Promise<{ code: string; name: string; parent: string | null }[]> {
    type S = components['schemas']['Service'];
    const out: { code: string; name: string; parent: string | null }[] = [];
    const walk = (nodes: S[], depth: number, parent: string | null) => {
      for (const s of nodes) {
        if (s.status === 'active') out.push({ code: s.code, name: `${'  '.repeat(depth)}${s.name}`, parent });
        walk((s.children ?? []) as S[], depth + 1, s.code);
      }
    };
    walk((await ok(this.api.GET('/v1/services'))) as S[], 0, null);
    return out;
  }

  #providers: Promise<components['schemas']['Provider'][]> | null = null;
  /** The external providers (escalation picker), fetched once per session. */
  providers(): Promise<components['schemas']['Provider'][]> {
    this.#providers ??= ok(this.api.GET('/v1/providers'));
    return this.#providers;
  }

  #defaultTeams = new Map<string, Promise<string | null>>();
  /** The team a service sends its tickets to (GET /v1/services/{code}); a sub-service without one, its parent's. */
  defaultTeam(code: string): Promise<string | null> {
    let known = this.#defaultTeams.get(code);
    if (!known) {
      known = ok(this.api.GET('/v1/services/{code}', { params: { path: { code } } })).then(
        async (s) => s.defaultTeam ?? (s.parent ? this.defaultTeam(s.parent) : null),
        () => null,
      );
      this.#defaultTeams.set(code, known);
    }
    return known;
  }

  /** Published articles and similar solved tickets for a ticket the caller works on, each with why. */
  async suggestions(ref: string): Promise<{ articles: ArticleHit[]; tickets: TicketHit[] }> {
    const found = await ok(this.api.GET('/v1/suggestions', { params: { query: { ticket: ref, limit: 8 } } }));
    return { articles: found.articles, tickets: found.tickets };
  }

  /** The articles the caller may read matching the words (all of them, most recent first, without). */
  async searchArticles(q: string, limit = 50): Promise<{ items: ArticleHit[]; total: number }> {
    const page = await ok(
      this.api.GET('/v1/articles', { params: { query: { ...(q ? { q } : {}), limit } } }),
    );
    return { items: page.items, total: page.total };
  }

  article(reference: string): Promise<Article> {
    return ok(this.api.GET('/v1/articles/{reference}', { params: { path: { reference } } }));
  }

  /** A draft known error written by the server from the ticket's resolution, with the overrides given. */
  articleFromTicket(reference: string, body: components['schemas']['ArticleFromTicket']): Promise<Article> {
    return ok(this.api.POST('/v1/tickets/{reference}/articles', { params: { path: { reference } }, body }));
  }

  /**
   * Applies one action with the version the technician saw (If-Match): a stale edit is refused.
   * `edit` is the ticket's PATCH, `provider_update` the provider reference's (body.referenceId).
   */
  async act(ticket: Ticket, action: string, body: Record<string, unknown>): Promise<Ticket> {
    const reference = ticket.reference;
    const ifMatch = { 'if-match': `"v${ticket.version}"` };
    if (action === 'reply' || action === 'note') {
      return ok(
        this.api.POST('/v1/tickets/{reference}/comments', {
          params: { path: { reference } },
          body: { body: String(body.body ?? ''), internal: action === 'note' },
        }),
      );
    }
    if (action === 'edit') {
      return ok(
        this.api.PATCH('/v1/tickets/{reference}', {
          params: { path: { reference }, header: ifMatch },
          body: body as never,
        }),
      );
    }
    if (action === 'provider_escalate') {
      return ok(
        this.api.POST('/v1/tickets/{reference}/provider-references', {
          params: { path: { reference } },
          body: body as never,
        }),
      );
    }
    if (action === 'provider_update') {
      const { referenceId, ...changes } = body;
      return ok(
        this.api.PATCH('/v1/tickets/{reference}/provider-references/{referenceId}', {
          params: { path: { reference, referenceId: String(referenceId) }, header: ifMatch },
          body: changes as never,
        }),
      );
    }
    const segment = action.replace(/_/g, '-');
    return ok(
      this.api.POST(
        `/v1/tickets/{reference}/actions/${segment}` as '/v1/tickets/{reference}/actions/assign',
        {
          params: { path: { reference }, header: ifMatch } as never,
          body: body as never,
        },
      ),
    );
  }
}

/**
 * Follows /v1/events (Server-Sent Events) and calls `onChange` for each ticket change the caller may
 * see; reconnects with Last-Event-ID after a drop. Returns a function that stops it.
 */
export function watchEvents(url: string, token: string, onChange: () => void): () => void {
  const controller = new AbortController();
  let lastId: string | undefined;
  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        const res = await fetch(`${url.replace(/\/+$/, '')}/v1/events`, {
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'text/event-stream',
            ...(lastId ? { 'Last-Event-ID': lastId } : {}),
          },
          signal: controller.signal,
        });
        if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
        const parser = createParser({
          onEvent: (event) => {
            if (event.id) lastId = event.id;
            if (event.event !== 'ping') onChange();
          },
        });
        const decoder = new TextDecoder();
        for await (const chunk of res.body)
          parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
      } catch {
        if (controller.signal.aborted) return;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  };
  void run();
  return () => controller.abort();
}
