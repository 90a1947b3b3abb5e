import type { MikroORM } from '@mikro-orm/postgresql';
import { CatalogueSnapshot } from '../catalogue/catalogue-snapshot.ts';
import { committedRead } from '../db/transaction.ts';
import { type Grants, loadGrants } from '../people/access.ts';
import { ProcessCache } from './process-cache.ts';

/**
 * The values requests read again and again, remembered by this process (see ProcessCache): the
 * catalogue snapshot, each person's grants, each API token's identity. They are always read from
 * committed data, on a connection of their own.
 */
export class ReadCache {
  readonly #orm: MikroORM;
  readonly #cache: ProcessCache;

  constructor(orm: MikroORM, cache = new ProcessCache()) {
    this.#orm = orm;
    this.#cache = cache;
  }

  catalogue(): Promise<CatalogueSnapshot> {
    return this.#cache.get('catalogue', () => committedRead(this.#orm, (em) => CatalogueSnapshot.load(em)));
  }

  /** The person's grants; FORBIDDEN `person_inactive` for a deactivated or unknown person (never remembered). */
  grants(personId: string): Promise<Grants> {
    return this.#cache.get(`grants:${personId}`, () =>
      committedRead(this.#orm, (em) => loadGrants(em, personId)),
    );
  }

  /** A remembered value under `key` (e.g. a token's identity by the hash of its secret). */
  remember<T>(key: string, load: () => Promise<T>, keep?: (value: T) => boolean): Promise<T> {
    return this.#cache.get(key, load, keep);
  }

  /** Forgets everything: some process changed credentials, grants or the catalogue. */
  clear(): void {
    this.#cache.clear();
  }
}
