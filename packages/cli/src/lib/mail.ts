import type { components } from '@guichet/api/client';
import { type Connection, callApi } from './api.ts';

export type OutboxEntry = components['schemas']['OutboxEntry'];
export type Preferences = components['schemas']['NotificationPreferences'];
export type OutboxStatus = OutboxEntry['status'];

/** The mail and notification endpoints, for the `mail` and `notifications` topics. */
export const outboxApi = {
  outbox: (
    { api, url }: Connection,
    query: { status?: OutboxStatus; limit?: number },
  ): Promise<OutboxEntry[]> => callApi(url, api.GET('/v1/mail/outbox', { params: { query } })),
  retry: ({ api, url }: Connection, id: string): Promise<OutboxEntry> =>
    callApi(url, api.POST('/v1/mail/outbox/{id}/retry', { params: { path: { id } } })),
  test: (
    { api, url }: Connection,
    to: string,
    language?: 'fr' | 'en',
  ): Promise<components['schemas']['MailTestReport']> =>
    callApi(url, api.POST('/v1/mail/test', { body: { to, ...(language ? { language } : {}) } })),
  preferences: ({ api, url }: Connection): Promise<Preferences> =>
    callApi(url, api.GET('/v1/me/notification-preferences')),
  setPreferences: ({ api, url }: Connection, preferences: Record<string, string>): Promise<Preferences> =>
    callApi(url, api.PUT('/v1/me/notification-preferences', { body: { preferences } })),
};
