import type { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { ProblemSchema } from '../lib/problem.ts';
import { openApiDocument } from '../openapi-document.ts';
import { ACTION_EXAMPLES } from './examples.ts';
import { OutboxEntrySchema } from './mail/mail-outbox.ts';
import { MeSchema } from './me/get-me.ts';
import { ServiceSchema } from './services/list-services.ts';
import { ACTION_PATHS, CommentBodySchema } from './tickets/apply-ticket-action.ts';
import {
  ACTION_BODIES,
  CreateTicketBodySchema,
  TicketEventSchema,
  TicketPageSchema,
  TicketSchema,
} from './tickets/schemas.ts';
import { CreatedTokenSchema, CreateTokenBodySchema, TokenSchema } from './tokens/tokens.ts';

const doc = openApiDocument() as { components: { schemas: Record<string, { example?: unknown }> } };
const exampleOf = (name: string) => doc.components.schemas[name]?.example;

describe('the OpenAPI document’s examples', () => {
  // Responses: the example is exactly what the schema reads (no missing, no extra field).
  it.each([
    ['Ticket', TicketSchema],
    ['TicketPage', TicketPageSchema],
    ['TicketEvent', TicketEventSchema],
    ['Me', MeSchema],
    ['Service', ServiceSchema],
    ['Token', TokenSchema],
    ['CreatedToken', CreatedTokenSchema],
    ['OutboxEntry', OutboxEntrySchema],
    ['Problem', ProblemSchema],
  ] as [string, z.ZodType][])('%s has an example that its schema reads as it is', (name, schema) => {
    const example = exampleOf(name);
    expect(example, name).toBeDefined();
    expect(schema.parse(example)).toEqual(example);
  });

  // Request bodies are strict: the example is a body the API accepts.
  it.each([
    ['CreateTicket', CreateTicketBodySchema],
    ['CommentBody', CommentBodySchema],
    ['CreateToken', CreateTokenBodySchema],
  ] as [string, z.ZodType][])('%s has an example the API accepts', (name, schema) => {
    const example = exampleOf(name);
    expect(example, name).toBeDefined();
    expect(schema.safeParse(example).error?.issues).toBeUndefined();
  });

  it.each(Object.keys(ACTION_PATHS))('the %s action’s body has an example the API accepts', (action) => {
    const example = ACTION_EXAMPLES[action];
    expect(example, action).toBeDefined();
    expect(ACTION_BODIES[action]!.safeParse(example).error?.issues).toBeUndefined();
  });
});
