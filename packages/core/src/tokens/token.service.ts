import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { ReadCache } from '../cache/read-cache.ts';
import { personByKey } from '../catalogue/lookups.ts';
import { sql } from '../db/sql.ts';
import { afterCommit, committedRead, inTransaction, withEm } from '../db/transaction.ts';
import { DomainError, fieldError } from '../errors.ts';
import { type AdminActor, loadAdminAuthority, type PersonCaller } from '../people/authority.ts';
import type { Person } from '../people/person.entity.ts';
import type { Clock } from '../shared/clock.ts';
import { parseInput } from '../shared/validation.ts';
import { ApiToken, TOKEN_SCOPES, type TokenScope } from './api-token.entity.ts';

const PREFIX = 'gch_';
const DAY = 86_400_000;

export const CreateTokenInputSchema = z
  .object({
    /** Whose token; defaults to the caller. */
    person: z.string().trim().min(1).max(320).optional(),
    name: z.string().trim().min(1).max(200),
    scopes: z.array(z.enum(TOKEN_SCOPES)).min(1),
    expiresInDays: z.number().int().min(1).max(366).default(90),
  })
  .strict();
export type CreateTokenInput = z.input<typeof CreateTokenInputSchema>;

export interface CreatedToken {
  id: string;
  /** The secret, shown this once; only its hash is stored. */
  token: string;
  prefix: string;
  scopes: TokenScope[];
  expiresAt: string;
}

export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface TokenIdentity {
  tokenId: string;
  personId: string;
  scopes: ReadonlySet<TokenScope>;
  expiresAt: Date;
}

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Scopes anyone may give their own tokens. */
const SELF_SERVICE: readonly TokenScope[] = ['read', 'write'];
/** Live (unrevoked, unexpired) tokens one person may hold: enough for every script, not a table to fill. */
export const MAX_LIVE_TOKENS = 100;

/**
 * API tokens, expiring, revocable, stored hashed (never a secret at rest). Who may mint what:
 * - anyone, for themselves: `read`, `write`;
 * - a functional or technical admin, for themselves, through an administrative credential (the
 *   `admin` scope, not acting for someone): also `admin`;
 * - a technical admin through an administrative credential: any scope (including `act-as`, the
 *   portals' scope), for anyone.
 * Nobody mints or revokes tokens while acting for someone else.
 */
export class TokenService {
  readonly #orm: MikroORM;
  readonly #clock: Clock;

  readonly #cache: ReadCache;

  constructor(orm: MikroORM, clock: Clock, cache: ReadCache) {
    this.#orm = orm;
    this.#clock = clock;
    this.#cache = cache;
  }

  async create(raw: CreateTokenInput, actor: AdminActor): Promise<CreatedToken> {
    const input = parseInput(CreateTokenInputSchema, raw);
    return inTransaction(this.#orm, async (em) => {
      if (actor !== 'local' && actor.via) throw new DomainError('FORBIDDEN', { rule: 'act_as_not_allowed' });
      const key = input.person ?? (actor === 'local' ? undefined : actor.personId);
      if (!key) throw fieldError('person', 'field.required');
      const person = await personByKey(em, key, 'person');
      if (!person.active) throw fieldError('person', 'field.inactive_person', { value: person.email });
      const scopes = [...new Set(input.scopes)];
      if (actor !== 'local') await assertMayMint(em, actor, person, scopes);
      const now = this.#clock.now();
      const live = await em.count(ApiToken, { person, revokedAt: null, expiresAt: { $gt: now } });
      if (live >= MAX_LIVE_TOKENS) {
        throw new DomainError('CONFLICT', { rule: 'too_many_tokens', params: { limit: MAX_LIVE_TOKENS } });
      }
      const secret = `${PREFIX}${randomBytes(32).toString('base64url')}`;
      const token = em.create(ApiToken, {
        person,
        name: input.name,
        prefix: secret.slice(0, 12),
        secretHash: hash(secret),
        scopes,
        expiresAt: new Date(now.getTime() + input.expiresInDays * DAY),
      });
      await em.flush();
      return {
        id: token.id,
        token: secret,
        prefix: token.prefix,
        scopes,
        expiresAt: token.expiresAt.toISOString(),
      };
    });
  }

  /** The identity behind a bearer secret, or null when unknown, expired, revoked or its person deactivated. */
  async authenticate(secret: string): Promise<TokenIdentity | null> {
    if (!secret.startsWith(PREFIX)) return null;
    const digest = hash(secret);
    // Remembered per process (see ReadCache): a revocation, a deactivation or a grant change makes
    // every process forget it at once.
    const token = await this.#cache.remember(
      `token:${digest}`,
      () =>
        committedRead(this.#orm, async (em) => {
          const [row] = await sql<{
            id: string;
            person_id: string;
            scopes: TokenScope[];
            expires_at: Date;
            last_used_at: Date | null;
          }>(
            em,
            `select t.id, t.person_id, t.scopes, t.expires_at, t.last_used_at
               from api_token t join person p on p.id = t.person_id
              where t.secret_hash = $1 and t.revoked_at is null and p.active`,
            [digest],
          );
          return row
            ? {
                tokenId: row.id,
                personId: row.person_id,
                scopes: new Set(row.scopes) as ReadonlySet<TokenScope>,
                expiresAt: new Date(row.expires_at),
                lastUsedAt: row.last_used_at ? new Date(row.last_used_at).getTime() : 0,
              }
            : null;
        }),
      (found) => found !== null,
    );
    const now = this.#clock.now();
    if (!token || token.expiresAt <= now) return null;
    // Record use at most once a minute, so reads do not turn into writes.
    if (now.getTime() - token.lastUsedAt > 60_000) {
      token.lastUsedAt = now.getTime();
      await committedRead(this.#orm, (em) =>
        sql(em, 'update api_token set last_used_at = $1 where id = $2', [now, token.tokenId]),
      );
    }
    return {
      tokenId: token.tokenId,
      personId: token.personId,
      scopes: token.scopes,
      expiresAt: token.expiresAt,
    };
  }

  /** Whether a token still authenticates (not revoked, not expired, its person active). */
  async isValid(tokenId: string): Promise<boolean> {
    return withEm(this.#orm, async (em) => {
      const count = await em.count(ApiToken, {
        id: tokenId,
        revokedAt: null,
        expiresAt: { $gt: this.#clock.now() },
        person: { active: true },
      });
      return count > 0;
    });
  }

  /** The caller's tokens (never their secrets), newest first; not while acting for someone. */
  async list(actor: PersonCaller): Promise<TokenView[]> {
    if (actor.via) throw new DomainError('FORBIDDEN', { rule: 'act_as_not_allowed' });
    return withEm(this.#orm, async (em) =>
      (await em.find(ApiToken, { person: actor.personId }, { orderBy: { createdAt: 'desc' } })).map((t) => ({
        id: t.id,
        name: t.name,
        prefix: t.prefix,
        scopes: t.scopes,
        createdAt: t.createdAt.toISOString(),
        expiresAt: t.expiresAt.toISOString(),
        revokedAt: t.revokedAt?.toISOString() ?? null,
        lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      })),
    );
  }

  /** Revokes a token: its owner, or a technical admin through an administrative credential. Revoking twice is harmless. */
  async revoke(tokenId: string, actor: AdminActor): Promise<void> {
    await inTransaction(this.#orm, async (em) => {
      if (actor !== 'local' && actor.via) throw new DomainError('FORBIDDEN', { rule: 'act_as_not_allowed' });
      const token = await em.findOne(ApiToken, { id: tokenId });
      const notFound = () => new DomainError('NOT_FOUND', { params: { entity: 'token', key: tokenId } });
      if (!token) throw notFound();
      if (actor !== 'local' && token.person.id !== actor.personId) {
        // Someone else's token: invisible unless the caller administers tokens.
        const mayAdminister =
          actor.scopes?.has('admin') === true && (await loadAdminAuthority(em, actor)).technicalAdmin;
        if (!mayAdminister) throw notFound();
      }
      token.revokedAt ??= this.#clock.now();
    });
    await afterCommit(async () => this.#cache.clear());
  }
}

/** The minting rules above, for a person's credential. */
async function assertMayMint(
  em: EntityManager,
  actor: Exclude<AdminActor, 'local'>,
  person: Person,
  scopes: readonly TokenScope[],
): Promise<void> {
  const forSelf = person.id === actor.personId;
  if (forSelf && scopes.every((s) => SELF_SERVICE.includes(s))) return;
  const authority = await loadAdminAuthority(em, actor);
  if (authority.technicalAdmin) return;
  const ownAdmin = forSelf && authority.functionalAdmin && scopes.every((s) => s !== 'act-as');
  if (!ownAdmin) throw new DomainError('FORBIDDEN', { rule: 'token_scope_not_allowed' });
}
