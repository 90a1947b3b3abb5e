import { randomBytes } from 'node:crypto';
import type { PersonInput } from '../src/catalogue/catalogue.service.ts';
import { applyCatalogue, DEMO_CATALOGUE } from '../src/catalogue/demo-seed.ts';
import type { Guichet } from '../src/guichet.ts';
import type { TicketState } from '../src/tickets/ticket.workflow.ts';
import type { TokenScope } from '../src/tokens/api-token.entity.ts';

/** The scopes of an administrative credential (an API token with `admin`). */
export const ADMIN_SCOPES: ReadonlySet<TokenScope> = new Set<TokenScope>(['read', 'write', 'admin']);

/** The same person calling through an administrative credential. */
export function administering<C extends { personId: string }>(
  caller: C,
): C & { scopes: ReadonlySet<TokenScope> } {
  return { ...caller, scopes: ADMIN_SCOPES };
}

/** Loads the demo catalogue and returns a caller handle for each demo person, by email. */
export async function givenDemoCatalogue(
  guichet: Guichet,
): Promise<(email: string) => Promise<{ personId: string }>> {
  await applyCatalogue(guichet.catalogue, DEMO_CATALOGUE);
  return async (email) => {
    const p = await guichet.catalogue.upsertPerson({
      email,
      displayName: DEMO_CATALOGUE.people.find((x) => x.email === email)?.displayName ?? email,
    });
    return { personId: p.id };
  };
}

/** Creates a person (a student of INSA Lyon unless overridden) and returns them as a caller. */
export async function givenPerson(
  guichet: Guichet,
  overrides: Partial<PersonInput> = {},
): Promise<{ personId: string; email: string }> {
  const email = overrides.email ?? `someone.${randomBytes(4).toString('hex')}@insa-lyon.fr`;
  const p = await guichet.catalogue.upsertPerson({
    displayName: 'Camille Martin',
    affiliation: 'student',
    ...overrides,
    email,
  });
  return { personId: p.id, email: p.email };
}

/** A workflow snapshot with sensible defaults, for pure tests. */
export function aTicketState(overrides: Partial<TicketState> = {}): TicketState {
  return {
    status: 'new',
    type: null,
    title: 'Le projecteur ne démarre pas',
    description: 'Rien ne s’affiche',
    impact: 'medium',
    urgency: 'medium',
    serviceId: 'svc-vr',
    subServiceId: null,
    establishmentId: null,
    teamId: null,
    agentId: null,
    pendingUntil: null,
    pendingKind: null,
    pendingReason: null,
    solution: null,
    rejectionReason: null,
    linkedProblemId: null,
    resolvedAt: null,
    closedAt: null,
    ...overrides,
  };
}

/** Polls `probe` until it returns something other than null, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
