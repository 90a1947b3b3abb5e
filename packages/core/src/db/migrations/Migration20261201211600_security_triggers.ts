import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written:
 * - The last active technical admin cannot be removed, by any path (revocation, catalogue prune,
 *   deactivation, identity-provider sync): a deferred constraint trigger checks at commit, so a
 *   transaction may hand the role over (grant, then revoke). SQLSTATE GU001, mapped to FORBIDDEN.
 * - Changes to what a credential may do (a token revoked, a person deactivated or reactivated, a
 *   profile granted or revoked) are announced with NOTIFY on `guichet_credentials` (payload: the
 *   person's id), so every API process drops what it remembers and closes event streams that lost
 *   their right, within moments.
 */
export class Migration20261201211600_security_triggers extends Migration {
  override name = 'Migration20261201211600_security_triggers';

  override up(): void {
    // Each table its own function: PL/pgSQL resolves `old.<column>` against the table's row type.
    const noTechnicalAdminLeft = `not exists (
          select 1 from profile_grant g join person p on p.id = g.person_id
           where g.profile = 'technical_admin' and p.active)`;
    const refuse = `raise exception 'the last active technical admin cannot be removed' using errcode = 'GU001';`;
    this.addSql(`create or replace function guichet_grant_keeps_a_technical_admin() returns trigger
      language plpgsql as $$
      begin
        if exists (select 1 from person where id = old.person_id and active) and ${noTechnicalAdminLeft} then
          ${refuse}
        end if;
        return null;
      end $$;`);
    this.addSql(`create or replace function guichet_person_keeps_a_technical_admin() returns trigger
      language plpgsql as $$
      begin
        if ${noTechnicalAdminLeft} then
          ${refuse}
        end if;
        return null;
      end $$;`);
    this.addSql(`create constraint trigger profile_grant_keep_a_technical_admin
      after delete or update of profile, person_id on profile_grant
      deferrable initially deferred for each row
      when (old.profile = 'technical_admin')
      execute function guichet_grant_keeps_a_technical_admin();`);
    this.addSql(`create constraint trigger person_keep_a_technical_admin
      after update of active on person
      deferrable initially deferred for each row
      when (old.active and not new.active)
      execute function guichet_person_keeps_a_technical_admin();`);

    this.addSql(`create or replace function guichet_grant_credentials_notify() returns trigger
      language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          perform pg_notify('guichet_credentials', old.person_id::text);
        else
          perform pg_notify('guichet_credentials', new.person_id::text);
        end if;
        return null;
      end $$;`);
    this.addSql(`create or replace function guichet_person_credentials_notify() returns trigger
      language plpgsql as $$
      begin
        perform pg_notify('guichet_credentials', new.id::text);
        return null;
      end $$;`);
    this.addSql(`create or replace function guichet_token_credentials_notify() returns trigger
      language plpgsql as $$
      begin
        perform pg_notify('guichet_credentials', new.person_id::text);
        return null;
      end $$;`);
    this.addSql(`create trigger profile_grant_credentials_notify after insert or update or delete on profile_grant
      for each row execute function guichet_grant_credentials_notify();`);
    this.addSql(`create trigger person_credentials_notify after update of active, email, subject on person
      for each row when (old.active is distinct from new.active or old.email is distinct from new.email
        or old.subject is distinct from new.subject)
      execute function guichet_person_credentials_notify();`);
    this.addSql(`create trigger api_token_credentials_notify after update of revoked_at, expires_at on api_token
      for each row execute function guichet_token_credentials_notify();`);
  }

  override down(): void {
    this.addSql('drop trigger if exists api_token_credentials_notify on api_token;');
    this.addSql('drop trigger if exists person_credentials_notify on person;');
    this.addSql('drop trigger if exists profile_grant_credentials_notify on profile_grant;');
    this.addSql('drop function if exists guichet_token_credentials_notify();');
    this.addSql('drop function if exists guichet_person_credentials_notify();');
    this.addSql('drop function if exists guichet_grant_credentials_notify();');
    this.addSql('drop trigger if exists person_keep_a_technical_admin on person;');
    this.addSql('drop trigger if exists profile_grant_keep_a_technical_admin on profile_grant;');
    this.addSql('drop function if exists guichet_person_keeps_a_technical_admin();');
    this.addSql('drop function if exists guichet_grant_keeps_a_technical_admin();');
  }
}
