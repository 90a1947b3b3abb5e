import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written: every new timeline event is announced with NOTIFY (payload: its id), so each API
 * process streaming `/v1/events` learns of changes made in any other process, after commit.
 */
export class Migration20261128164200_ticket_event_notify extends Migration {
  override name = 'Migration20261128164200_ticket_event_notify';

  override up(): void {
    this.addSql(`create or replace function guichet_ticket_event_notify() returns trigger
      language plpgsql as $$
      begin
        perform pg_notify('guichet_ticket_events', new.id::text);
        return null;
      end $$;`);
    this.addSql(`create trigger ticket_event_notify after insert on ticket_event
      for each row execute function guichet_ticket_event_notify();`);
  }

  override down(): void {
    this.addSql('drop trigger if exists ticket_event_notify on ticket_event;');
    this.addSql('drop function if exists guichet_ticket_event_notify();');
  }
}
