import { Announcement, AnnouncementUpdate } from '../announcements/announcement.entity.ts';
import { AnnouncementEvent } from '../announcements/announcement-event.entity.ts';
import { Attachment } from '../attachments/attachment.entity.ts';
import { CatalogService } from '../catalogue/service.entity.ts';
import { Establishment } from '../establishments/establishment.entity.ts';
import { TimelineCursor } from '../events/timeline-cursor.entity.ts';
import { IdempotencyRecord } from '../idempotency/idempotency-record.entity.ts';
import {
  Article,
  ArticleRevision,
  ArticleTicketLink,
  ArticleVote,
} from '../knowledge-base/article.entity.ts';
import { KbSuggestion } from '../knowledge-base/kb-suggestion.entity.ts';
import { KbTag, KbWord } from '../knowledge-base/kb-tag.entity.ts';
import { InboundMessage } from '../mail/inbound/inbound-message.entity.ts';
import { Mailbox } from '../mail/inbound/mailbox.entity.ts';
import { Notification } from '../notifications/notification.entity.ts';
import { NotificationPreference } from '../notifications/notification-preference.entity.ts';
import { Person } from '../people/person.entity.ts';
import { ProfileGrant } from '../people/profile-grant.entity.ts';
import { ProblemRecord } from '../problems/problem.entity.ts';
import { Provider } from '../providers/provider.entity.ts';
import { RoutingRule } from '../routing/routing-rule.entity.ts';
import { BusinessCalendarRecord } from '../service-levels/business-calendar.entity.ts';
import { ServiceLevel } from '../service-levels/service-level.entity.ts';
import { SlaAlert, TicketSla } from '../service-levels/ticket-sla.entity.ts';
import { ServiceSubscription } from '../service-subscriptions/service-subscription.entity.ts';
import { Team } from '../teams/team.entity.ts';
import { ProviderReference } from '../tickets/provider-reference.entity.ts';
import { Ticket } from '../tickets/ticket.entity.ts';
import { TicketEvent } from '../tickets/ticket-event.entity.ts';
import { ApiToken } from '../tokens/api-token.entity.ts';
import { WebhookAttempt, WebhookDelivery, WebhookSubscription } from '../webhooks/webhook.entity.ts';

/** Every entity core persists. */
export const ENTITIES = [
  Establishment,
  Person,
  ProfileGrant,
  Team,
  Provider,
  CatalogService,
  RoutingRule,
  Ticket,
  TicketEvent,
  ProviderReference,
  Notification,
  NotificationPreference,
  TimelineCursor,
  ApiToken,
  IdempotencyRecord,
  Article,
  ArticleRevision,
  ArticleVote,
  ArticleTicketLink,
  KbTag,
  KbWord,
  KbSuggestion,
  Attachment,
  Mailbox,
  InboundMessage,
  BusinessCalendarRecord,
  ServiceLevel,
  TicketSla,
  SlaAlert,
  ProblemRecord,
  Announcement,
  AnnouncementUpdate,
  AnnouncementEvent,
  WebhookSubscription,
  WebhookDelivery,
  WebhookAttempt,
  ServiceSubscription,
];
