import { type ActionInput, DomainError, type TicketView, translate } from '@guichet/core';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/app-env.ts';
import { ApiProblem, problemResponses } from '../../lib/problem.ts';
import { COMMENT_EXAMPLE } from '../examples.ts';
import {
  ACTION_BODIES,
  etagOf,
  PostHeadersSchema,
  ReferenceParamsSchema,
  TicketSchema,
  versionFromIfMatch,
} from './schemas.ts';

/** Workflow actions exposed as `POST /v1/tickets/{reference}/actions/{path}`. */
export const ACTION_PATHS = {
  approve: 'approve',
  reject: 'reject',
  assign: 'assign',
  reassign: 'reassign',
  pend: 'pend',
  resume: 'resume',
  request_info: 'request-info',
  resolve: 'resolve',
  reopen: 'reopen',
  close: 'close',
} as const;

/**
 * Shared by every route that changes a ticket: If-Match handling, then the core action. A stale
 * If-Match is 412; without If-Match a concurrent change still fails, with 409 CONFLICT.
 */
export async function actOnTicket(
  c: Context<AppEnv>,
  reference: string,
  input: ActionInput,
  ifMatch: string | undefined,
): Promise<TicketView> {
  const expected = versionFromIfMatch(ifMatch);
  const lang = c.get('lang');
  const stale = (current: string) =>
    new ApiProblem(
      'PRECONDITION_FAILED',
      translate(lang, 'api.precondition_failed', { given: ifMatch ?? '', current }),
      'stale_version',
    );
  if (expected === null) throw stale('?');
  try {
    const ticket = await c.get('guichet').tickets.act(c.get('caller'), reference, input, {
      ...(expected !== undefined ? { expectedVersion: expected } : {}),
    });
    c.header('ETag', etagOf(ticket.version));
    return ticket;
  } catch (error) {
    if (expected !== undefined && error instanceof DomainError && error.details.rule === 'stale_version') {
      throw stale(etagOf(Number(error.details.params?.actual ?? 0)));
    }
    throw error;
  }
}

export function registerApplyTicketActions(app: OpenAPIHono<AppEnv>) {
  for (const [action, path] of Object.entries(ACTION_PATHS)) {
    const body = ACTION_BODIES[action]!;
    const camel = path.replace(/-(\w)/g, (_m, ch: string) => ch.toUpperCase());
    const route = createRoute({
      method: 'post',
      path: `/v1/tickets/{reference}/actions/${path}`,
      operationId: `${camel}Ticket`,
      tags: ['ticket actions'],
      summary: `Workflow action: ${path}`,
      request: {
        params: ReferenceParamsSchema,
        headers: PostHeadersSchema,
        body: { required: true, content: { 'application/json': { schema: body } } },
      },
      responses: {
        200: {
          description: 'The ticket after the action',
          content: { 'application/json': { schema: TicketSchema } },
        },
        ...problemResponses,
      },
    });
    app.openapi(route, async (c) => {
      const input = { ...(c.req.valid('json') as object), action } as ActionInput;
      const ticket = await actOnTicket(
        c,
        c.req.valid('param').reference,
        input,
        c.req.valid('header')['if-match'],
      );
      return c.json(TicketSchema.parse(ticket), 200);
    });
  }
}

export const CommentBodySchema = z
  .object({
    body: z.string().trim().min(1).max(50_000),
    internal: z
      .boolean()
      .default(false)
      .openapi({ description: 'Internal note (never shown to the requester)' }),
  })
  .strict()
  .openapi('CommentBody', { example: COMMENT_EXAMPLE });
