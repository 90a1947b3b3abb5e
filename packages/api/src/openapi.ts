/** The OpenAPI document's header; the paths come from the routes themselves. */
export const OPENAPI_INFO: {
  openapi: string;
  info: { title: string; version: string; description: string };
  security: Record<string, string[]>[];
} = {
  openapi: '3.1.0',
  info: {
    title: 'Guichet API',
    version: '0.1.0',
    description:
      'Ticketing for the INSA group’s shared digital services. Errors are RFC 9457 problem documents ' +
      '(application/problem+json) in French by default, English with Accept-Language: en.',
  },
  security: [{ bearer: [] }],
};
