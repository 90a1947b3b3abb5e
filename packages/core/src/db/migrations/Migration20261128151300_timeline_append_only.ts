import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written: the timeline is append-only at the database level. Any UPDATE or DELETE of a
 * ticket_event row raises, whatever code path (or psql session) attempts it.
 */
export class Migration20261128151300_timeline_append_only extends Migration {
  override name = 'Migration20261128151300_timeline_append_only';

  override up(): void {
    this.addSql(`create or replace function guichet_ticket_event_append_only() returns trigger
      language plpgsql as $$
      begin
        raise exception 'ticket_event is append-only (% refused)', tg_op using errcode = 'restrict_violation';
      end $$;`);
    this.addSql(`create trigger ticket_event_append_only before update or delete on ticket_event
      for each row execute function guichet_ticket_event_append_only();`);
  }

  override down(): void {
    this.addSql('drop trigger if exists ticket_event_append_only on ticket_event;');
    this.addSql('drop function if exists guichet_ticket_event_append_only();');
  }
}
