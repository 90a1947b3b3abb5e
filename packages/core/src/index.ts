/** Public surface of @guichet/core. Anything not exported here is private to the package. */

export {
  announcementState,
  mayFollow,
  mayPublish,
  NEXT_PHASES,
  PUBLISHERS,
} from './announcements/announcement.rules.ts';
export {
  type AnnouncementUpdateInput,
  AnnouncementUpdateInputSchema,
  type CorrectAnnouncementInput,
  CorrectAnnouncementInputSchema,
  type CreateAnnouncementInput,
  CreateAnnouncementInputSchema,
  type ListAnnouncementsInput,
  ListAnnouncementsInputSchema,
} from './announcements/announcement.schemas.ts';
export {
  type AnnouncementCaller,
  type AnnouncementEventData,
  type AnnouncementPage,
  AnnouncementService,
  type AnnouncementUpdateView,
  type AnnouncementView,
  type AnnouncementWriteOptions,
  FEED_SIZE,
  type PublicAnnouncement,
  type Translated,
} from './announcements/announcement.service.ts';
export * from './announcements/announcement.types.ts';
export { announcementLink } from './announcements/announcement-notifications.ts';
export {
  type AttachFilesResult,
  type AttachmentLimits,
  AttachmentService,
  type AttachmentView,
  type MailFile,
  type Upload,
  type UploadOptions,
  type UploadResult,
} from './attachments/attachment.service.ts';
export {
  type BlobStore,
  BlobTooLargeError,
  FsBlobStore,
  S3BlobStore,
  type StoredBlob,
} from './attachments/attachment.storage.ts';
export {
  contentDisposition,
  OCTET_STREAM,
  sanitiseFilename,
  servedContentType,
} from './attachments/attachment-names.ts';
export {
  CatalogueService,
  type EstablishmentInput,
  EstablishmentInputSchema,
  type GrantInput,
  type PersonInput,
  type PersonView,
  type ProviderInput,
  ProviderInputSchema,
  type RoutingRuleInput,
  RoutingRuleInputSchema,
  type RoutingRuleView,
  type ServiceInput,
  ServiceInputSchema,
  type ServicePatch,
  ServicePatchSchema,
  type ServiceView,
  type SignInInput,
  type TeamInput,
  TeamInputSchema,
  type TeamView,
} from './catalogue/catalogue.service.ts';
export {
  CATALOGUE_KINDS,
  CATALOGUE_OPS,
  type CatalogueChange,
  type CatalogueDocumentInput,
  type CatalogueDocumentOutput,
  CatalogueDocumentSchema,
  type CatalogueFieldChange,
  type CataloguePlan,
} from './catalogue/catalogue-document.ts';
export {
  activeDemoPeople,
  applyCatalogue,
  type CatalogueDocument,
  DEMO_CATALOGUE,
  seedDemoCatalogue,
} from './catalogue/demo-seed.ts';
export {
  APPROVAL_POLICIES,
  type ApprovalPolicy,
  SERVICE_STATUSES,
  type ServiceStatus,
} from './catalogue/service.entity.ts';
export { type CoreConfig, type CoreConfigInput, CoreConfigSchema, type CoreHooks } from './config.ts';
export { type EmbeddedDatabase, startEmbeddedPostgres } from './db/embedded.ts';
export {
  DomainError,
  ERROR_CODES,
  type ErrorCode,
  type FieldIssue,
  isDomainError,
  isStartupError,
  STARTUP_PROBLEMS,
  StartupError,
  type StartupProblem,
} from './errors.ts';
export type { EventFeed } from './events/event-feed.ts';
export type { EventLog, FeedEvent, FeedPage, FeedPosition } from './events/event-log.ts';
export { createGuichet, type Guichet, type ImapPollers, startImapPollers } from './guichet.ts';
export { LANGUAGES, type Language, languageOfLocale, translate } from './i18n/messages.ts';
export {
  type HandledResponse,
  type IdempotencyOutcome,
  type IdempotencyScope,
  IdempotencyService,
  type StoredResponse,
} from './idempotency/idempotency.service.ts';
export {
  ARTICLE_ACTIONS,
  ARTICLE_ROLES,
  ARTICLE_WORKFLOW,
  type ArticleAction,
  type ArticleRole,
  AUDIENCE_READERS,
  availableArticleActions,
  decideArticleAction,
  mayRead,
  rolesOnArticle,
} from './knowledge-base/article.rules.ts';
export {
  type ArticleStatusInput,
  ArticleStatusInputSchema,
  type CreateArticleInput,
  CreateArticleInputSchema,
  type DeflectInput,
  DeflectInputSchema,
  type FromTicketInput,
  FromTicketInputSchema,
  type SearchArticlesInput,
  SearchArticlesInputSchema,
  type SuggestInput,
  SuggestInputSchema,
  type TagInput,
  TagInputSchema,
  type UpdateArticleInput,
  UpdateArticleInputSchema,
  type VoteInput,
  VoteInputSchema,
} from './knowledge-base/article.schemas.ts';
export * from './knowledge-base/article.types.ts';
export type {
  ArticleHit,
  ArticlePage,
  ArticleView,
  RevisionView,
  SuggestionsView,
  TagView,
  TicketHit,
} from './knowledge-base/article.views.ts';
export type { MatchReason, SnippetSegment } from './knowledge-base/article-search.ts';
export {
  type ArticleWriteOptions,
  type KbCaller,
  KnowledgeBaseService,
} from './knowledge-base/knowledge-base.service.ts';
export {
  type ImapConfig,
  type ImapMailboxConfig,
  ImapMailboxSchema,
  parseImapUrl,
  redactImapUrl,
} from './mail/imap/imap-config.ts';
export {
  ImapPoller,
  type ImapPollerEvents,
  type ImapPollerOptions,
  type ImapPollerSettings,
  type ImapPollerStatus,
  type Ingest,
  SET_ASIDE_KEYWORD,
} from './mail/imap/imap-poller.ts';
export { INBOUND_DECISIONS, type InboundDecision } from './mail/inbound/inbound-message.entity.ts';
export type {
  AttachmentHandler,
  InboundAttachments,
  InboundView,
  IngestOutcome,
  MailGateway,
} from './mail/inbound/mail-gateway.ts';
export { UNKNOWN_SENDER_POLICIES } from './mail/inbound/mailbox.entity.ts';
export { MailboxInputSchema } from './mail/inbound/mailbox.schemas.ts';
export type { ExtractedAttachment } from './mail/inbound/parse.ts';
export { INBOUND_REASONS, type InboundReason } from './mail/inbound/reasons.ts';
export type { DeliveryReport, MailService, OutboxEntry, TestReport } from './mail/mail.service.ts';
export {
  NOTIFICATION_STATUSES,
  type NotificationStatus,
} from './notifications/notification.entity.ts';
export type {
  DispatchReport,
  NotificationService,
  Preference,
} from './notifications/notification.service.ts';
export {
  ANNOUNCEMENT_NOTIFICATION_KINDS,
  type AnnouncementNotificationKind,
  NOTIFICATION_DELIVERIES,
  NOTIFICATION_KINDS,
  NOTIFICATION_RULES,
  type NotificationDelivery,
  type NotificationRule,
} from './notifications/notification-rules.ts';
export type { AdminActor, PersonCaller } from './people/authority.ts';
export { AFFILIATIONS, type Affiliation } from './people/person.entity.ts';
export { PROFILES, type Profile } from './people/profile-grant.entity.ts';
export { PROBLEM_VISIBILITIES, type ProblemVisibility } from './problems/problem.entity.ts';
export {
  PROBLEM_OPERATIONS,
  PROBLEM_RULES,
  type ProblemOperation,
} from './problems/problem.rules.ts';
export {
  type LinkIncidentInput,
  LinkIncidentInputSchema,
  type ResolveIncidentsInput,
  ResolveIncidentsInputSchema,
  type SuggestIncidentsInput,
  SuggestIncidentsInputSchema,
  type UpdateProblemInput,
  UpdateProblemInputSchema,
} from './problems/problem.schemas.ts';
export { ProblemService, type ResolveIncidentsOptions } from './problems/problem.service.ts';
export type * from './problems/problem.views.ts';
export {
  MAX_REPORT_DAYS,
  REPORT_DIMENSIONS,
  REPORT_NAMES,
  type ReportDimension,
  type ReportFilters,
  ReportFiltersSchema,
  type ReportInput,
  ReportInputSchema,
  type ReportName,
  type ReportResult,
  type ReportValue,
} from './reports/report.schemas.ts';
export type { ReportService } from './reports/report.service.ts';
export type { Scheduler } from './scheduler/scheduler.ts';
export {
  BusinessCalendar,
  type BusinessCalendarDefinition,
  type BusinessCalendarInput,
  BusinessCalendarSchema,
} from './service-levels/business-calendar.ts';
export { frenchHolidays, HOLIDAY_SETS, type Holiday, type HolidaySet } from './service-levels/holidays.ts';
export {
  type CalendarInput,
  CalendarInputSchema,
  type ServiceLevelInput,
  ServiceLevelInputSchema,
} from './service-levels/service-level.schemas.ts';
export type {
  ClockView,
  ServiceLevelService,
  TicketServiceLevelView,
} from './service-levels/service-level.service.ts';
export {
  type ClockEvent,
  type ClockReading,
  readClocks,
  type SlaReading,
} from './service-levels/sla-clock.ts';
export { SLA_FILTERS, type SlaFilter } from './service-levels/sla-list.ts';
export type { SlaClockSummary, TicketSlaSummary } from './service-levels/sla-view.ts';
export type {
  ServiceSubscriptionService,
  ServiceSubscriptionView,
} from './service-subscriptions/service-subscription.service.ts';
export type { Clock } from './shared/clock.ts';
export { escapeHtml } from './shared/html.ts';
export { zodFieldIssues } from './shared/validation.ts';
export type {
  ActionInput,
  CreateTicketInput,
  ListTicketsInput,
  TicketSort,
} from './tickets/ticket.schemas.ts';
export {
  ActionInputSchema,
  CreateTicketInputSchema,
  ListTicketsInputSchema,
  TICKET_SORTS,
} from './tickets/ticket.schemas.ts';
export {
  type ActOptions,
  type Caller,
  type TicketPage,
  TicketService,
} from './tickets/ticket.service.ts';
export * from './tickets/ticket.types.ts';
export type { PersonRef, TicketEventView, TicketView } from './tickets/ticket.views.ts';
export {
  ACTIONS,
  type Action,
  type Actor,
  availableActions,
  type Command,
  ROLES,
  type Role,
  type TicketState,
  transition,
  WORKFLOW,
} from './tickets/ticket.workflow.ts';
export { TOKEN_SCOPES, type TokenScope } from './tokens/api-token.entity.ts';
export {
  type CreatedToken,
  type CreateTokenInput,
  CreateTokenInputSchema,
  type TokenIdentity,
  TokenService,
  type TokenView,
} from './tokens/token.service.ts';
export { NO_OUTBOUND, type Outbound } from './webhooks/outbound.ts';
export {
  WEBHOOK_DELIVERY_STATUSES,
  type WebhookDeliveryStatus,
} from './webhooks/webhook.entity.ts';
export {
  ANNOUNCEMENT_WEBHOOK_TYPES,
  ARTICLE_WEBHOOK_TYPES,
  RETRY_SCHEDULE_SECONDS,
  TICKET_WEBHOOK_TYPES,
  WEBHOOK_SOURCES,
  WEBHOOK_TEST_TYPE,
} from './webhooks/webhook.rules.ts';
export {
  type WebhookInput,
  WebhookInputSchema,
  type WebhookPatch,
  WebhookPatchSchema,
} from './webhooks/webhook.schemas.ts';
export {
  type WebhookAttemptView,
  type WebhookDeliveryReport,
  type WebhookDeliveryView,
  type WebhookEventInput,
  WebhookService,
  type WebhookView,
  type WebhookWithSecret,
} from './webhooks/webhook.service.ts';
