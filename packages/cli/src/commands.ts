import AnnounceCreate from './commands/announce/create.ts';
import AnnounceList from './commands/announce/list.ts';
import AnnounceResolve from './commands/announce/resolve.ts';
import AnnounceUpdate from './commands/announce/update.ts';
import CatalogApply from './commands/catalog/apply.ts';
import CatalogExport from './commands/catalog/export.ts';
import DbBackup from './commands/db/backup.ts';
import DbMigrate from './commands/db/migrate.ts';
import DbRestore from './commands/db/restore.ts';
import DbStatus from './commands/db/status.ts';
import KbApply from './commands/kb/apply.ts';
import KbArchive from './commands/kb/archive.ts';
import KbCreate from './commands/kb/create.ts';
import KbDeflect from './commands/kb/deflect.ts';
import KbDelete from './commands/kb/delete.ts';
import KbEdit from './commands/kb/edit.ts';
import KbExport from './commands/kb/export.ts';
import KbFromTicket from './commands/kb/from-ticket.ts';
import KbHistory from './commands/kb/history.ts';
import KbLinked from './commands/kb/linked.ts';
import KbPublish from './commands/kb/publish.ts';
import KbRestore from './commands/kb/restore.ts';
import KbReturnToDraft from './commands/kb/return-to-draft.ts';
import KbSearch from './commands/kb/search.ts';
import KbShow from './commands/kb/show.ts';
import KbSubmit from './commands/kb/submit.ts';
import KbSuggest from './commands/kb/suggest.ts';
import KbTags from './commands/kb/tags.ts';
import KbTagsSet from './commands/kb/tags-set.ts';
import KbVote from './commands/kb/vote.ts';
import Login from './commands/login.ts';
import Logout from './commands/logout.ts';
import MailExplain from './commands/mail/explain.ts';
import MailIngest from './commands/mail/ingest.ts';
import MailList from './commands/mail/list.ts';
import MailOutbox from './commands/mail/outbox.ts';
import MailResolve from './commands/mail/resolve.ts';
import MailRetry from './commands/mail/retry.ts';
import MailTest from './commands/mail/test.ts';
import NotificationsPreferences from './commands/notifications/preferences.ts';
import PeopleList from './commands/people/list.ts';
import ProblemsEdit from './commands/problems/edit.ts';
import ProblemsIncidents from './commands/problems/incidents.ts';
import ProblemsLink from './commands/problems/link.ts';
import ProblemsResolve from './commands/problems/resolve.ts';
import ProblemsShow from './commands/problems/show.ts';
import ProblemsSuggest from './commands/problems/suggest.ts';
import ProblemsUnlink from './commands/problems/unlink.ts';
import Reports from './commands/reports/index.ts';
import ServerStart from './commands/server/start.ts';
import ServicesList from './commands/services/list.ts';
import SlaShow from './commands/sla/show.ts';
import Status from './commands/status.ts';
import SubscriptionsAdd from './commands/subscriptions/add.ts';
import SubscriptionsList from './commands/subscriptions/list.ts';
import SubscriptionsRemove from './commands/subscriptions/remove.ts';
import TeamsList from './commands/teams/list.ts';
import { ACTIONS, actionCommand } from './commands/tickets/actions.ts';
import TicketsAttach from './commands/tickets/attach.ts';
import TicketsAttachmentGet from './commands/tickets/attachment-get.ts';
import TicketsComment from './commands/tickets/comment.ts';
import TicketsCreate from './commands/tickets/create.ts';
import TicketsEdit from './commands/tickets/edit.ts';
import TicketsList from './commands/tickets/list.ts';
import TicketsProviderRefAdd from './commands/tickets/provider-ref-add.ts';
import TicketsProviderRefUpdate from './commands/tickets/provider-ref-update.ts';
import TicketsShow from './commands/tickets/show.ts';
import TicketsTimeline from './commands/tickets/timeline.ts';
import TokensCreate from './commands/tokens/create.ts';
import TokensList from './commands/tokens/list.ts';
import TokensRevoke from './commands/tokens/revoke.ts';
import Tui from './commands/tui.ts';
import WebhooksCreate from './commands/webhooks/create.ts';
import WebhooksDeliveries from './commands/webhooks/deliveries.ts';
import WebhooksList from './commands/webhooks/list.ts';
import WebhooksRedeliver from './commands/webhooks/redeliver.ts';
import WebhooksTest from './commands/webhooks/test.ts';

/** Every command of `guichet` (oclif's explicit strategy: one import, no directory scan). */
export const COMMANDS = {
  login: Login,
  logout: Logout,
  status: Status,
  'mail:outbox': MailOutbox,
  'mail:retry': MailRetry,
  'mail:test': MailTest,
  'webhooks:create': WebhooksCreate,
  'webhooks:list': WebhooksList,
  'webhooks:deliveries': WebhooksDeliveries,
  'webhooks:redeliver': WebhooksRedeliver,
  'webhooks:test': WebhooksTest,
  'notifications:preferences': NotificationsPreferences,
  'subscriptions:add': SubscriptionsAdd,
  'subscriptions:list': SubscriptionsList,
  'subscriptions:remove': SubscriptionsRemove,
  'problems:edit': ProblemsEdit,
  'problems:incidents': ProblemsIncidents,
  'problems:link': ProblemsLink,
  'problems:resolve': ProblemsResolve,
  'problems:show': ProblemsShow,
  'problems:suggest': ProblemsSuggest,
  'problems:unlink': ProblemsUnlink,
  'tickets:list': TicketsList,
  'tickets:show': TicketsShow,
  'tickets:create': TicketsCreate,
  'tickets:edit': TicketsEdit,
  'tickets:comment': TicketsComment,
  'tickets:attach': TicketsAttach,
  'tickets:attachment:get': TicketsAttachmentGet,
  'tickets:timeline': TicketsTimeline,
  'sla:show': SlaShow,
  reports: Reports,
  'tickets:provider-ref:add': TicketsProviderRefAdd,
  'tickets:provider-ref:update': TicketsProviderRefUpdate,
  ...Object.fromEntries(
    Object.entries(ACTIONS).map(([action, spec]) => [`tickets:${action}`, actionCommand(action, spec)]),
  ),
  'services:list': ServicesList,
  'teams:list': TeamsList,
  'people:list': PeopleList,
  'catalog:apply': CatalogApply,
  'catalog:export': CatalogExport,
  'announce:create': AnnounceCreate,
  'announce:list': AnnounceList,
  'announce:resolve': AnnounceResolve,
  'announce:update': AnnounceUpdate,
  'kb:apply': KbApply,
  'kb:archive': KbArchive,
  'kb:create': KbCreate,
  'kb:deflect': KbDeflect,
  'kb:delete': KbDelete,
  'kb:edit': KbEdit,
  'kb:export': KbExport,
  'kb:from-ticket': KbFromTicket,
  'kb:history': KbHistory,
  'kb:linked': KbLinked,
  'kb:publish': KbPublish,
  'kb:restore': KbRestore,
  'kb:return-to-draft': KbReturnToDraft,
  'kb:search': KbSearch,
  'kb:show': KbShow,
  'kb:submit': KbSubmit,
  'kb:suggest': KbSuggest,
  'kb:tags': KbTags,
  'kb:tags:set': KbTagsSet,
  'kb:vote': KbVote,
  'mail:explain': MailExplain,
  'mail:ingest': MailIngest,
  'mail:list': MailList,
  'mail:resolve': MailResolve,
  'db:migrate': DbMigrate,
  'db:backup': DbBackup,
  'db:restore': DbRestore,
  'db:status': DbStatus,
  'tokens:create': TokensCreate,
  'tokens:list': TokensList,
  'tokens:revoke': TokensRevoke,
  'server:start': ServerStart,
  tui: Tui,
};
