import { z } from 'zod';
import { LANGUAGES } from '../i18n/messages.ts';
import { AFFILIATIONS } from '../people/person.entity.ts';
import { PROFILES } from '../people/profile-grant.entity.ts';
import { TICKET_TYPES } from '../tickets/ticket.types.ts';
import { APPROVAL_POLICIES, SERVICE_STATUSES } from './service.entity.ts';

/** Input shapes of the catalogue's administrative use cases (one item each). */
const code = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" or "-"');
const name = z.string().trim().min(1).max(200);
const isRegExp = (value: string) => {
  try {
    new RegExp(value);
    return true;
  } catch {
    return false;
  }
};
const email = z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(320));

export const EstablishmentInputSchema = z
  .object({ code, name, mailDomains: z.array(z.string().trim().toLowerCase().min(3)).default([]) })
  .strict();
export const PersonInputSchema = z
  .object({
    email,
    displayName: name,
    establishment: code.nullable().optional(),
    affiliation: z.enum(AFFILIATIONS).optional(),
    language: z.enum(LANGUAGES).optional(),
    active: z.boolean().optional(),
    subject: z.string().min(1).max(400).nullable().optional(),
  })
  .strict();
export const TeamInputSchema = z.object({ code, name, establishment: code.nullable().optional() }).strict();
export const ProviderInputSchema = z
  .object({
    code,
    name,
    contact: z.string().trim().max(320).nullable().optional(),
    supportUrl: z.url().max(500).nullable().optional(),
    /** The provider's ticket number in its mails' subjects: a regular expression, first group the number. */
    mailSubjectPattern: z
      .string()
      .min(1)
      .max(300)
      .refine(isRegExp, 'not a valid regular expression')
      .nullable()
      .optional(),
    /** Where Guichet writes to the provider when a ticket is escalated to it; absent or null: never. */
    mailAddress: z.email().max(320).nullable().optional(),
  })
  .strict();
export const ServiceInputSchema = z
  .object({
    code,
    name,
    description: z.string().max(10_000).optional(),
    parent: code.nullable().optional(),
    status: z.enum(SERVICE_STATUSES).optional(),
    owner: z.string().nullable().optional(),
    approvalPolicy: z.enum(APPROVAL_POLICIES).optional(),
    defaultTeam: code.nullable().optional(),
    provider: code.nullable().optional(),
  })
  .strict();
export const ServicePatchSchema = ServiceInputSchema.partial().required({ code: true });
export const GrantInputSchema = z
  .object({
    person: z.string().min(1),
    profile: z.enum(PROFILES),
    service: code.optional(),
    team: code.optional(),
  })
  .strict();
export const RoutingRuleInputSchema = z
  .object({
    code,
    position: z.number().int().min(0).max(1_000_000).optional(),
    active: z.boolean().optional(),
    match: z
      .object({
        service: code.nullable().optional(),
        type: z.enum(TICKET_TYPES).nullable().optional(),
        establishment: code.nullable().optional(),
      })
      .strict()
      .default({}),
    team: code,
    agent: z.string().nullable().optional(),
    defaultType: z.enum(TICKET_TYPES).nullable().optional(),
  })
  .strict();

export const SignInInputSchema = z
  .object({
    /** The identity provider (its issuer URL): with `subject`, the person's identity. */
    issuer: z.string().min(1).max(300),
    /** `issuer|sub`: stable across email changes. */
    subject: z.string().min(3).max(400),
    email,
    /** The provider says it checked that the person owns the address (`email_verified`). */
    emailVerified: z.boolean().default(false),
    /**
     * Mail domains the provider is authoritative for. Default: those of the provider's fixed
     * establishment. An address is trusted for linking only in these domains, and verified.
     */
    mailDomains: z.array(z.string().trim().toLowerCase().min(1)).optional(),
    displayName: name,
    establishment: code.nullable().optional(),
    affiliation: z.enum(AFFILIATIONS).optional(),
    /** Profiles the provider's groups map to now: granted, and those it granted before but no longer maps revoked. */
    profiles: z.array(GrantInputSchema.omit({ person: true })).default([]),
  })
  .strict();
export type SignInInput = z.input<typeof SignInInputSchema>;

export type EstablishmentInput = z.input<typeof EstablishmentInputSchema>;
export type PersonInput = z.input<typeof PersonInputSchema>;
export type TeamInput = z.input<typeof TeamInputSchema>;
export type ProviderInput = z.input<typeof ProviderInputSchema>;
export type ServiceInput = z.input<typeof ServiceInputSchema>;
export type ServicePatch = Omit<z.input<typeof ServicePatchSchema>, 'code'>;
export type GrantInput = z.input<typeof GrantInputSchema>;
export type RoutingRuleInput = z.input<typeof RoutingRuleInputSchema>;
