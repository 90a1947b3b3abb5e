import type { components } from '@guichet/api/client';
import { type Connection, callApi } from './api.ts';

export type WebhookEntry = components['schemas']['Webhook'];
export type WebhookWithSecret = components['schemas']['WebhookWithSecret'];
export type WebhookDelivery = components['schemas']['WebhookDelivery'];

/** The webhook endpoints, for the `webhooks` topic. */
export const webhooksApi = {
  create: (
    { api, url }: Connection,
    body: components['schemas']['CreateWebhook'],
  ): Promise<WebhookWithSecret> => callApi(url, api.POST('/v1/webhooks', { body })),
  list: ({ api, url }: Connection): Promise<WebhookEntry[]> => callApi(url, api.GET('/v1/webhooks')),
  deliveries: (
    { api, url }: Connection,
    id: string,
    query: { status?: WebhookDelivery['status']; limit?: number },
  ): Promise<WebhookDelivery[]> =>
    callApi(url, api.GET('/v1/webhooks/{id}/deliveries', { params: { path: { id }, query } })),
  redeliver: ({ api, url }: Connection, id: string, deliveryId: string): Promise<WebhookDelivery> =>
    callApi(
      url,
      api.POST('/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', {
        params: { path: { id, deliveryId } },
      }),
    ),
  test: ({ api, url }: Connection, id: string): Promise<WebhookDelivery> =>
    callApi(url, api.POST('/v1/webhooks/{id}/test', { params: { path: { id } } })),
};
