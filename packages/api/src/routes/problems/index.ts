import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { registerGetProblem } from './get-problem.ts';
import { registerGetTicketProblem } from './get-ticket-problem.ts';
import { registerLinkProblemIncident } from './link-problem-incident.ts';
import { registerListProblemIncidents } from './list-problem-incidents.ts';
import { registerResolveProblemIncidents } from './resolve-problem-incidents.ts';
import { registerSuggestProblemIncidents } from './suggest-problem-incidents.ts';
import { registerUnlinkProblemIncident } from './unlink-problem-incident.ts';
import { registerUpdateProblem } from './update-problem.ts';

/** Problem management: the analysis, linked incidents, their batch resolution and suggested links. */
export function registerProblemRoutes(app: OpenAPIHono<AppEnv>) {
  registerGetProblem(app);
  registerUpdateProblem(app);
  registerListProblemIncidents(app);
  registerLinkProblemIncident(app);
  registerUnlinkProblemIncident(app);
  registerResolveProblemIncidents(app);
  registerSuggestProblemIncidents(app);
  registerGetTicketProblem(app);
}
