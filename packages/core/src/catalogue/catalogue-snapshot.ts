import type { EntityManager } from '@mikro-orm/postgresql';
import { executeIn } from '../db/transaction.ts';
import { fieldError } from '../errors.ts';
import type { TicketType } from '../tickets/ticket.types.ts';

export interface ServiceEntry {
  id: string;
  code: string;
  parentId: string | null;
  status: 'active' | 'retired';
  approvalPolicy: 'none' | 'required';
  defaultTeamId: string | null;
}

export interface CodeEntry {
  id: string;
  code: string;
}

export interface RuleEntry {
  code: string;
  matchServiceId: string | null;
  matchType: TicketType | null;
  matchEstablishmentId: string | null;
  teamId: string;
  agentId: string | null;
  defaultType: TicketType | null;
}

/**
 * The catalogue as the ticket paths read it, held in memory (see ProcessCache for when it is
 * forgotten): services with their tree, teams with their active technicians, establishments,
 * providers and active routing rules. Five small queries build it; requests then ask it nothing.
 */
export class CatalogueSnapshot {
  readonly services = new Map<string, ServiceEntry>();
  readonly servicesByCode = new Map<string, ServiceEntry>();
  readonly teams = new Map<string, CodeEntry>();
  readonly teamsByCode = new Map<string, CodeEntry>();
  readonly establishments = new Map<string, CodeEntry>();
  readonly establishmentsByCode = new Map<string, CodeEntry>();
  readonly providers = new Map<string, CodeEntry>();
  readonly providersByCode = new Map<string, CodeEntry>();
  /** Active technicians (active people with the technician profile) per team id. */
  readonly technicians = new Map<string, Set<string>>();
  /** Active routing rules, in the order they are tried. */
  readonly rules: RuleEntry[] = [];
  readonly #children = new Map<string, string[]>();

  static async load(em: EntityManager): Promise<CatalogueSnapshot> {
    const snap = new CatalogueSnapshot();
    const [services, teams, establishments, providers, members, rules] = await Promise.all([
      executeIn<
        {
          id: string;
          code: string;
          parent_id: string | null;
          status: 'active' | 'retired';
          approval_policy: 'none' | 'required';
          default_team_id: string | null;
        }[]
      >(em, 'select id, code, parent_id, status, approval_policy, default_team_id from service'),
      executeIn<CodeEntry[]>(em, 'select id, code from team'),
      executeIn<CodeEntry[]>(em, 'select id, code from establishment'),
      executeIn<CodeEntry[]>(em, 'select id, code from provider'),
      executeIn<{ team_id: string; person_id: string }[]>(
        em,
        `select g.team_id, g.person_id from profile_grant g join person p on p.id = g.person_id
          where g.profile = 'technician' and p.active`,
      ),
      executeIn<
        {
          code: string;
          match_service_id: string | null;
          match_type: TicketType | null;
          match_establishment_id: string | null;
          team_id: string;
          agent_id: string | null;
          default_type: TicketType | null;
        }[]
      >(
        em,
        `select code, match_service_id, match_type, match_establishment_id, team_id, agent_id, default_type
           from routing_rule where active order by position, code`,
      ),
    ]);
    for (const s of services) {
      const entry: ServiceEntry = {
        id: s.id,
        code: s.code,
        parentId: s.parent_id,
        status: s.status,
        approvalPolicy: s.approval_policy,
        defaultTeamId: s.default_team_id,
      };
      snap.services.set(s.id, entry);
      snap.servicesByCode.set(s.code, entry);
      if (s.parent_id) snap.#children.set(s.parent_id, [...(snap.#children.get(s.parent_id) ?? []), s.id]);
    }
    const index = (rows: CodeEntry[], byId: Map<string, CodeEntry>, byCode: Map<string, CodeEntry>) => {
      for (const r of rows) {
        byId.set(r.id, r);
        byCode.set(r.code, r);
      }
    };
    index(teams, snap.teams, snap.teamsByCode);
    index(establishments, snap.establishments, snap.establishmentsByCode);
    index(providers, snap.providers, snap.providersByCode);
    for (const m of members) {
      const set = snap.technicians.get(m.team_id) ?? new Set<string>();
      set.add(m.person_id);
      snap.technicians.set(m.team_id, set);
    }
    for (const r of rules) {
      snap.rules.push({
        code: r.code,
        matchServiceId: r.match_service_id,
        matchType: r.match_type,
        matchEstablishmentId: r.match_establishment_id,
        teamId: r.team_id,
        agentId: r.agent_id,
        defaultType: r.default_type,
      });
    }
    return snap;
  }

  /** The given services and all their ancestors. */
  ancestry(serviceIds: readonly string[]): Set<string> {
    const out = new Set<string>();
    for (let id of serviceIds) {
      for (let guard = 0; id && !out.has(id) && guard < 1_000; guard += 1) {
        out.add(id);
        id = this.services.get(id)?.parentId ?? '';
      }
    }
    return out;
  }

  /** The given services and all their descendants. */
  descendants(serviceIds: Iterable<string>): string[] {
    const out = new Set<string>();
    const todo = [...serviceIds];
    while (todo.length > 0) {
      const id = todo.pop()!;
      if (out.has(id)) continue;
      out.add(id);
      todo.push(...(this.#children.get(id) ?? []));
    }
    return [...out];
  }

  /** The default team of the service, or of its nearest ancestor that has one. */
  nearestDefaultTeam(serviceId: string | null): { teamId: string; serviceCode: string } | null {
    for (let id = serviceId, guard = 0; id && guard < 1_000; guard += 1) {
      const s = this.services.get(id);
      if (!s) return null;
      if (s.defaultTeamId) return { teamId: s.defaultTeamId, serviceCode: s.code };
      id = s.parentId;
    }
    return null;
  }

  /** Codes by id, for views (see ticket.views.ts CodeLookup). */
  readonly codes = {
    service: (id: string) => this.services.get(id)?.code ?? null,
    establishment: (id: string) => this.establishments.get(id)?.code ?? null,
    team: (id: string) => this.teams.get(id)?.code ?? null,
    provider: (id: string) => this.providers.get(id)?.code ?? null,
  };

  isActiveTechnician(personId: string, teamId: string): boolean {
    return this.technicians.get(teamId)?.has(personId) ?? false;
  }

  service(code: string, field: string): ServiceEntry {
    const s = this.servicesByCode.get(code);
    if (!s) throw fieldError(field, 'field.unknown', { value: code });
    return s;
  }

  team(code: string, field: string): CodeEntry {
    const t = this.teamsByCode.get(code);
    if (!t) throw fieldError(field, 'field.unknown', { value: code });
    return t;
  }

  establishment(code: string, field: string): CodeEntry {
    const e = this.establishmentsByCode.get(code);
    if (!e) throw fieldError(field, 'field.unknown', { value: code });
    return e;
  }

  provider(code: string, field: string): CodeEntry {
    const p = this.providersByCode.get(code);
    if (!p) throw fieldError(field, 'field.unknown', { value: code });
    return p;
  }
}
