import { defineEntity, p } from '@mikro-orm/core';
import { CatalogService } from '../catalogue/service.entity.ts';
import { baseProperties } from '../db/base.entity.ts';
import { Team } from '../teams/team.entity.ts';
import { Person } from './person.entity.ts';
import { PROFILES } from './profiles.ts';

export { PROFILE_SCOPE, PROFILES, type Profile } from './profiles.ts';

export const ProfileGrantSchema = defineEntity({
  name: 'ProfileGrant',
  properties: {
    ...baseProperties,
    person: () => p.manyToOne(Person).deleteRule('cascade'),
    profile: p.enum(PROFILES),
    service: () => p.manyToOne(CatalogService).nullable().deleteRule('cascade'),
    team: () => p.manyToOne(Team).nullable().deleteRule('cascade'),
    /**
     * Where the grant comes from: null when an administrator (or the catalogue) granted it, else the
     * issuer of the identity provider whose groups map to it. Those are kept in step with the
     * provider at each sign-in; the catalogue document manages only the former.
     */
    source: p.string().length(300).nullable(),
  },
  uniques: [
    {
      name: 'profile_grant_scope_unique',
      // NULLS NOT DISTINCT (PostgreSQL 15+): an unscoped grant is unique too.
      expression:
        'create unique index "profile_grant_scope_unique" on "profile_grant" ("person_id", "profile", "service_id", "team_id") nulls not distinct',
    },
  ],
});
export class ProfileGrant extends ProfileGrantSchema.class {}
ProfileGrantSchema.setClass(ProfileGrant);
