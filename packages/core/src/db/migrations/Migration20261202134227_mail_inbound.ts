import { Migration } from '@mikro-orm/migrations';

/**
 * Generated: the inbound mail gateway. `mailbox` (which address feeds which service, written by the
 * catalogue document), `inbound_message` (every received mail with its decision, unique by mailbox
 * and Message-ID: the gateway's idempotency key), a provider's subject pattern for its ticket
 * numbers, and an outbox row addressed to a bare address (a refusal to a stranger): recipient
 * nullable, `address` set instead, one of the two always present.
 */
export class Migration20261202134227_mail_inbound extends Migration {
  override name = 'Migration20261202134227_mail_inbound';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "mailbox" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "address" varchar(320) not null, "service_id" uuid not null, "establishment_id" uuid null, "unknown_senders" text not null default 'hold', "active" boolean not null default true, primary key ("id"));`,
    );
    this.addSql(`alter table "mailbox" add constraint "mailbox_address_unique" unique ("address");`);

    this.addSql(
      `create table "inbound_message" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "mailbox" varchar(320) not null, "message_id" varchar(1000) not null, "sender" varchar(320) not null, "subject" varchar(1000) not null, "decision" text not null, "reasons" jsonb not null, "ticket_id" uuid null, "size" int not null, "sha256" varchar(64) not null, "headers" jsonb not null, "raw" bytea null, "body_text" text null, "attachments" jsonb not null, primary key ("id"));`,
    );
    this.addSql(`create index "inbound_message_ticket_id_index" on "inbound_message" ("ticket_id");`);
    this.addSql(
      `create index "inbound_message_decision_created_at_index" on "inbound_message" ("decision", "created_at");`,
    );
    this.addSql(
      `create index "inbound_message_sender_created_at_index" on "inbound_message" ("sender", "created_at");`,
    );
    this.addSql(
      `alter table "inbound_message" add constraint "inbound_message_mailbox_message_id_unique" unique ("mailbox", "message_id");`,
    );

    this.addSql(`alter table "provider" add "mail_subject_pattern" varchar(300) null;`);

    this.addSql(`alter table "notification" add "address" varchar(320) null;`);
    this.addSql(`alter table "notification" alter column "recipient_id" drop not null;`);
    this.addSql(
      `alter table "notification" add constraint "notification_recipient_check" check (recipient_id is not null or address is not null);`,
    );

    this.addSql(
      `alter table "mailbox" add constraint "mailbox_service_id_foreign" foreign key ("service_id") references "service" ("id");`,
    );
    this.addSql(
      `alter table "mailbox" add constraint "mailbox_establishment_id_foreign" foreign key ("establishment_id") references "establishment" ("id") on delete no action;`,
    );
    this.addSql(
      `alter table "mailbox" add constraint "mailbox_unknown_senders_check" check ("unknown_senders" in ('refuse', 'hold'));`,
    );

    this.addSql(
      `alter table "inbound_message" add constraint "inbound_message_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on delete no action;`,
    );
    this.addSql(
      `alter table "inbound_message" add constraint "inbound_message_decision_check" check ("decision" in ('created', 'replied', 'held', 'refused', 'ignored'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "mailbox" cascade;`);
    this.addSql(`drop table if exists "inbound_message" cascade;`);

    this.addSql(`alter table "notification" drop constraint "notification_recipient_check";`);
    this.addSql(`alter table "notification" drop column "address";`);
    this.addSql(`alter table "notification" alter column "recipient_id" set not null;`);

    this.addSql(`alter table "provider" drop column "mail_subject_pattern";`);
  }
}
