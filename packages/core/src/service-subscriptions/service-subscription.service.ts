import type { MikroORM } from '@mikro-orm/postgresql';
import type { ReadCache } from '../cache/read-cache.ts';
import { sql } from '../db/sql.ts';
import { inTransaction, withEm } from '../db/transaction.ts';
import { fieldError } from '../errors.ts';
import type { PersonCaller } from '../people/authority.ts';
import type { Clock } from '../shared/clock.ts';

/** One of the caller's subscriptions. */
export interface ServiceSubscriptionView {
  /** The service's code. */
  service: string;
  serviceName: string;
  createdAt: Date;
}

const CODE = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * Subscriptions to services (see `service-subscription.entity.ts`): any signed-in person follows or
 * stops following a service for themself, and lists what they follow. Nobody reads or changes
 * anyone else's: every statement is keyed by the caller's own id. Each change is one transaction.
 */
export class ServiceSubscriptionService {
  readonly #orm: MikroORM;
  readonly #clock: Clock;
  readonly #cache: ReadCache;

  constructor(orm: MikroORM, clock: Clock, cache: ReadCache) {
    this.#orm = orm;
    this.#clock = clock;
    this.#cache = cache;
  }

  /** The caller's subscriptions, by service code. */
  async list(caller: PersonCaller): Promise<ServiceSubscriptionView[]> {
    await this.#cache.grants(caller.personId);
    return withEm(this.#orm, async (em) => {
      const rows = await sql<{ code: string; name: string; created_at: Date }>(
        em,
        `select s.code, s.name, x.created_at from service_subscription x join service s on s.id = x.service_id
          where x.person_id = $1 order by s.code`,
        [caller.personId],
      );
      return rows.map((r) => ({ service: r.code, serviceName: r.name, createdAt: new Date(r.created_at) }));
    });
  }

  /**
   * Follows the service (idempotent: following it again keeps the first subscription). A retired
   * service takes no new subscribers.
   */
  async subscribe(caller: PersonCaller, code: string): Promise<ServiceSubscriptionView> {
    await this.#cache.grants(caller.personId);
    const service = await this.#service(code);
    if (service.status === 'retired') throw fieldError('service', 'field.retired_service', { value: code });
    const now = this.#clock.now();
    await inTransaction(this.#orm, (em) =>
      sql(
        em,
        `insert into service_subscription (id, created_at, updated_at, person_id, service_id)
         values (gen_random_uuid(), $1, $1, $2, $3)
         on conflict (person_id, service_id) do nothing`,
        [now, caller.personId, service.id],
      ),
    );
    const mine = await this.list(caller);
    return mine.find((s) => s.service === service.code)!;
  }

  /** Stops following the service; not following it is no error (a retry is safe). */
  async unsubscribe(caller: PersonCaller, code: string): Promise<void> {
    await this.#cache.grants(caller.personId);
    const service = await this.#service(code);
    await inTransaction(this.#orm, (em) =>
      sql(em, 'delete from service_subscription where person_id = $1 and service_id = $2', [
        caller.personId,
        service.id,
      ]),
    );
  }

  async #service(code: string) {
    if (!CODE.test(code)) throw fieldError('service', 'field.unknown', { value: code.slice(0, 64) });
    return (await this.#cache.catalogue()).service(code, 'service');
  }
}
