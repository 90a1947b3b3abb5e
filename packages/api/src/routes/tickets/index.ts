import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { registerApplyTicketActions } from './apply-ticket-action.ts';
import { registerCreateTicket } from './create-ticket.ts';
import { registerGetTicket } from './get-ticket.ts';
import { registerListTickets } from './list-tickets.ts';
import { registerTicketTimeline } from './ticket-timeline.ts';
import { registerUpdateTicket } from './update-ticket.ts';

export function registerTicketRoutes(app: OpenAPIHono<AppEnv>) {
  registerCreateTicket(app);
  registerListTickets(app);
  registerGetTicket(app);
  registerApplyTicketActions(app);
  registerTicketTimeline(app);
  registerUpdateTicket(app);
}
