import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { MAIL_TEST_EXAMPLE } from '../examples.ts';

export const MailTestSchema = z
  .object({ messageId: z.string(), response: z.string() })
  .openapi('MailTestReport', { example: MAIL_TEST_EXAMPLE });

const route = createRoute({
  method: 'post',
  path: '/v1/mail/test',
  operationId: 'sendTestMail',
  tags: ['mail'],
  summary: 'Send a test message at once through the configured SMTP server (technical admins)',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            to: z.string().min(3).max(320).openapi({ example: 'admin@insa-lyon.fr' }),
            language: z.enum(['fr', 'en']).optional(),
          }),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'What the SMTP server answered',
      content: { 'application/json': { schema: MailTestSchema } },
    },
    ...problemResponses,
  },
});

export function registerMailTest(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { to, language } = c.req.valid('json');
    return c.json(await c.get('guichet').mail.sendTest(c.get('caller'), to, language), 200);
  });
}
