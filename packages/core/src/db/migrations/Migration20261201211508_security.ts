import { Migration } from '@mikro-orm/migrations';

export class Migration20261201211508_security extends Migration {
  override name = 'Migration20261201211508_security';

  override up(): void | Promise<void> {
    // Keys are scoped to the person acted as from now on; the old records (retries of the last
    // day, some holding token secrets) are dropped rather than guessed.
    this.addSql(`delete from "idempotency_record";`);
    this.addSql(`alter table "idempotency_record" drop constraint "idempotency_record_pkey";`);
    this.addSql(
      `alter table "idempotency_record" add "person_id" uuid not null, add "withheld" boolean not null default false;`,
    );
    this.addSql(`alter table "idempotency_record" alter column "headers" set not null;`);
    this.addSql(`alter table "idempotency_record" alter column "status" set not null;`);
    this.addSql(`alter table "idempotency_record" add primary key ("token_id", "person_id", "key");`);

    this.addSql(`alter table "profile_grant" add "source" varchar(300) null;`);

    this.addSql(`alter table "ticket_event" add "tx" xid8 not null default pg_current_xact_id();`);
    this.addSql(`create index "ticket_event_tx_id_index" on "ticket_event" ("tx", "id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "idempotency_record" drop constraint "idempotency_record_pkey";`);
    this.addSql(`alter table "idempotency_record" drop column "person_id", drop column "withheld";`);
    this.addSql(`alter table "idempotency_record" alter column "status" drop not null;`);
    this.addSql(`alter table "idempotency_record" alter column "headers" drop not null;`);
    this.addSql(`alter table "idempotency_record" add primary key ("token_id", "key");`);

    this.addSql(`alter table "profile_grant" drop column "source";`);

    this.addSql(`drop index "ticket_event_tx_id_index";`);
    this.addSql(`alter table "ticket_event" drop column "tx";`);
  }
}
