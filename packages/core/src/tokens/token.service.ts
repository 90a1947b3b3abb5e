import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { AdminActor } from '../catalogue/catalogue.service.ts';
import { personByKey } from '../catalogue/lookups.ts';
import { inTransaction, withEm } from '../db/transaction.ts';
import { DomainError, fieldError } from '../errors.ts';
import { ProfileGrant } from '../people/profile-grant.entity.ts';
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
}

const isTechnicalAdmin = async (em: EntityManager, personId: string) =>
  (await em.count(ProfileGrant, { person: personId, profile: 'technical_admin' })) > 0;

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Scopes a person may give their own tokens; the others need a technical admin. */
const SELF_SERVICE: readonly TokenScope[] = ['read', 'write'];

/**
 * API tokens: created by the person (read/write) or a technical admin (any scope, anyone), expiring,
 * revocable, stored hashed.
 */
export class TokenService {
  readonly #orm: MikroORM;
  readonly #clock: Clock;

  constructor(orm: MikroORM, clock: Clock) {
    this.#orm = orm;
    this.#clock = clock;
  }

  async create(raw: CreateTokenInput, actor: AdminActor): Promise<CreatedToken> {
    const input = parseInput(CreateTokenInputSchema, raw);
    return inTransaction(this.#orm, async (em) => {
      const key = input.person ?? (actor === 'local' ? undefined : actor.personId);
      if (!key) throw fieldError('person', 'field.required');
      const person = await personByKey(em, key, 'person');
      if (!person.active) throw fieldError('person', 'field.inactive_person', { value: person.email });
      if (actor !== 'local') {
        const technicalAdmin = await isTechnicalAdmin(em, actor.personId);
        const selfService =
          person.id === actor.personId && input.scopes.every((s) => SELF_SERVICE.includes(s));
        if (!technicalAdmin && !selfService) {
          throw new DomainError('FORBIDDEN', { rule: 'role_not_allowed', params: { action: 'edit' } });
        }
      }
      const secret = `${PREFIX}${randomBytes(32).toString('base64url')}`;
      const scopes = [...new Set(input.scopes)];
      const token = em.create(ApiToken, {
        person,
        name: input.name,
        prefix: secret.slice(0, 12),
        secretHash: hash(secret),
        scopes,
        expiresAt: new Date(this.#clock.now().getTime() + input.expiresInDays * DAY),
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
    return withEm(this.#orm, async (em) => {
      const token = await em.findOne(ApiToken, { secretHash: hash(secret) }, { populate: ['person'] });
      const now = this.#clock.now();
      if (!token || token.revokedAt || token.expiresAt <= now || !token.person.active) return null;
      // Record use at most once a minute, so reads do not turn into writes.
      if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
        await em.nativeUpdate(ApiToken, { id: token.id }, { lastUsedAt: now });
      }
      return { tokenId: token.id, personId: token.person.id, scopes: new Set(token.scopes) };
    });
  }

  /** The caller's tokens (never their secrets), newest first. */
  async list(personId: string): Promise<TokenView[]> {
    return withEm(this.#orm, async (em) =>
      (await em.find(ApiToken, { person: personId }, { orderBy: { createdAt: 'desc' } })).map((t) => ({
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

  /** Revokes a token: its owner or a technical admin. Revoking twice is harmless. */
  async revoke(tokenId: string, actor: AdminActor): Promise<void> {
    await inTransaction(this.#orm, async (em) => {
      const token = await em.findOne(ApiToken, { id: tokenId });
      if (!token) throw new DomainError('NOT_FOUND', { params: { entity: 'token', key: tokenId } });
      if (actor !== 'local' && token.person.id !== actor.personId) {
        if (!(await isTechnicalAdmin(em, actor.personId)))
          throw new DomainError('NOT_FOUND', { params: { entity: 'token', key: tokenId } });
      }
      token.revokedAt ??= this.#clock.now();
    });
  }
}
