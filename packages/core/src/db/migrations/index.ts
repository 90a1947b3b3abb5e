import { Migration20261128000000_extensions } from './Migration20261128000000_extensions.ts';
import { Migration20261128151242_schema } from './Migration20261128151242_schema.ts';
import { Migration20261128151300_timeline_append_only } from './Migration20261128151300_timeline_append_only.ts';
import { Migration20261128161326_api_tokens } from './Migration20261128161326_api_tokens.ts';
import { Migration20261128162720_idempotency } from './Migration20261128162720_idempotency.ts';
import { Migration20261128164200_ticket_event_notify } from './Migration20261128164200_ticket_event_notify.ts';
import { Migration20261128224533_list_indexes } from './Migration20261128224533_list_indexes.ts';
import { Migration20261201211508_security } from './Migration20261201211508_security.ts';
import { Migration20261201211600_security_triggers } from './Migration20261201211600_security_triggers.ts';
import { Migration20261202000000_catalogue_notify } from './Migration20261202000000_catalogue_notify.ts';
import { Migration20261202000100_knowledge_base_search } from './Migration20261202000100_knowledge_base_search.ts';
import { Migration20261202022254_knowledge_base } from './Migration20261202022254_knowledge_base.ts';
import { Migration20261202030000_article_revision_immutable } from './Migration20261202030000_article_revision_immutable.ts';
import { Migration20261202050000_kb_search_at_scale } from './Migration20261202050000_kb_search_at_scale.ts';
import { Migration20261202062226_mail_delivery } from './Migration20261202062226_mail_delivery.ts';
import { Migration20261202133528_attachments } from './Migration20261202133528_attachments.ts';
import { Migration20261202133624_notification_rules } from './Migration20261202133624_notification_rules.ts';
import { Migration20261202134227_mail_inbound } from './Migration20261202134227_mail_inbound.ts';
import { Migration20261202151105_provider_mail } from './Migration20261202151105_provider_mail.ts';
import { Migration20261202171101_service_levels } from './Migration20261202171101_service_levels.ts';
import { Migration20261202180000_problems } from './Migration20261202180000_problems.ts';
import { Migration20261202180100_announcements } from './Migration20261202180100_announcements.ts';
import { Migration20261202180200_webhooks } from './Migration20261202180200_webhooks.ts';
import { Migration20261203100000_announcement_outward } from './Migration20261203100000_announcement_outward.ts';
import { Migration20261203120000_sla_jobs } from './Migration20261203120000_sla_jobs.ts';
import { Migration20261203130000_reports } from './Migration20261203130000_reports.ts';
import { Migration20261203140000_report_cube } from './Migration20261203140000_report_cube.ts';
import { Migration20261203150000_service_subscriptions } from './Migration20261203150000_service_subscriptions.ts';

/** Migrations in the order they run. `npm run migration:create` adds generated files here. */
export const MIGRATIONS = [
  Migration20261128000000_extensions,
  Migration20261128151242_schema,
  Migration20261128151300_timeline_append_only,
  Migration20261128161326_api_tokens,
  Migration20261128162720_idempotency,
  Migration20261128164200_ticket_event_notify,
  Migration20261128224533_list_indexes,
  Migration20261201211508_security,
  Migration20261201211600_security_triggers,
  Migration20261202000000_catalogue_notify,
  Migration20261202000100_knowledge_base_search,
  Migration20261202022254_knowledge_base,
  Migration20261202030000_article_revision_immutable,
  Migration20261202050000_kb_search_at_scale,
  Migration20261202062226_mail_delivery,
  Migration20261202133528_attachments,
  Migration20261202133624_notification_rules,
  Migration20261202134227_mail_inbound,
  Migration20261202151105_provider_mail,
  Migration20261202171101_service_levels,
  Migration20261202180000_problems,
  Migration20261202180100_announcements,
  Migration20261202180200_webhooks,
  Migration20261203100000_announcement_outward,
  Migration20261203120000_sla_jobs,
  Migration20261203130000_reports,
  Migration20261203140000_report_cube,
  Migration20261203150000_service_subscriptions,
];
