import { Args, Flags, type Interfaces } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { dateFlag, integerFlag } from '../../lib/flags.ts';
import { textFlag } from '../../lib/text-input.ts';
import { renderTicket } from '../../lib/tickets.ts';

type FlagMap = Interfaces.FlagInput;

interface ActionSpec {
  summary: string;
  flags: FlagMap;
  /** The request body from the parsed flags (long texts may come from stdin with `-`). */
  body: (flags: Record<string, string | undefined>) => Promise<Record<string, unknown>>;
  examples?: string[];
}

const text = (description: string, required = false) =>
  Flags.string({ description: `${description} (or - for standard input)`, required });
const type = Flags.string({ options: ['incident', 'request', 'problem'], description: 'Qualify the ticket' });
/** Every workflow action of POST /v1/tickets/{ref}/actions/{action}, one command each. */
export const ACTIONS: Record<string, ActionSpec> = {
  approve: {
    summary: 'Approve a ticket awaiting approval',
    flags: { comment: text('Comment') },
    body: async (f) => ({ comment: await textFlag('comment', f.comment) }),
  },
  reject: {
    summary: 'Reject a ticket awaiting approval',
    flags: { reason: text('Why', true) },
    body: async (f) => ({ reason: await textFlag('reason', f.reason) }),
  },
  assign: {
    summary: 'Assign a ticket to a team and a technician',
    flags: { team: Flags.string({ required: true }), agent: Flags.string({ required: true }), type },
    body: async (f) => ({ team: f.team, agent: f.agent, type: f.type }),
    examples: [
      '<%= config.bin %> tickets assign GU-2026-000042 --team vr-room --agent vr.tech@insa-rennes.fr --type request',
    ],
  },
  reassign: {
    summary: 'Hand a ticket over to another team or technician',
    flags: {
      team: Flags.string({ required: true }),
      agent: Flags.string({ required: true }),
      type,
      reason: text('Why'),
    },
    body: async (f) => ({
      team: f.team,
      agent: f.agent,
      type: f.type,
      reason: await textFlag('reason', f.reason),
    }),
  },
  pend: {
    summary: 'Put a ticket on hold until a date (it wakes up by itself), or until the requester answers',
    flags: {
      until: dateFlag({
        description:
          'Date (YYYY-MM-DD or DD/MM/YYYY: 08:00 local time), DD/MM/YYYY HH:MM or ISO 8601; omit to wait for the requester',
        hour: 8,
      }),
      reason: text('Why', true),
    },
    body: async (f) => ({
      until: f.until ?? null,
      reason: await textFlag('reason', f.reason),
    }),
    examples: [
      '<%= config.bin %> tickets pend GU-2026-000042 --until 2026-12-10 --reason "Créneau de test réservé"',
    ],
  },
  resume: {
    summary: 'Take a pending ticket back before its date',
    flags: { note: text('Note') },
    body: async (f) => ({ note: await textFlag('note', f.note) }),
  },
  'request-info': {
    summary: 'Ask the requester a question (the ticket waits for the answer)',
    flags: { question: text('The question', true) },
    body: async (f) => ({ question: await textFlag('question', f.question) }),
  },
  resolve: {
    summary: 'Resolve a ticket with its solution',
    flags: {
      service: Flags.string({ required: true, description: 'Service the problem was in' }),
      'sub-service': Flags.string(),
      solution: text('The solution', true),
    },
    body: async (f) => ({
      service: f.service,
      subService: f['sub-service'],
      solution: await textFlag('solution', f.solution),
    }),
  },
  reopen: {
    summary: 'Reopen a resolved ticket',
    flags: { reason: text('Why', true) },
    body: async (f) => ({ reason: await textFlag('reason', f.reason) }),
  },
  close: {
    summary: 'Close a resolved ticket',
    flags: { comment: text('Comment') },
    body: async (f) => ({ comment: await textFlag('comment', f.comment) }),
  },
};

/** Builds the command class of one action. */
export function actionCommand(action: string, spec: ActionSpec) {
  return class extends GuichetCommand {
    static override summary = spec.summary;
    static override examples = spec.examples ?? [];
    static override args = { ref: Args.string({ description: 'Ticket reference', required: true }) };
    static override flags = {
      ...spec.flags,
      'if-match': integerFlag({ min: 1 })({
        description: 'Only if the ticket is still at this version (else exit 1, nothing changed)',
      }),
    };

    async run() {
      const { args, flags } = await this.parse(
        this.constructor as never as typeof GuichetCommand & { args: { ref: never } },
      );
      this.flags = flags as never;
      const values = flags as Record<string, string | undefined> & { 'if-match'?: number };
      const { api, url } = await this.client();
      const body = Object.fromEntries(
        Object.entries(await spec.body(values)).filter(([, v]) => v !== undefined),
      );
      const ticket = await this.call(
        url,
        api.POST(`/v1/tickets/{reference}/actions/${action}` as '/v1/tickets/{reference}/actions/assign', {
          params: {
            path: { reference: (args as { ref: string }).ref },
            ...(values['if-match'] !== undefined
              ? { header: { 'if-match': `"v${values['if-match']}"` } }
              : {}),
          } as never,
          body: body as never,
        }),
      );
      this.log(renderTicket(ticket));
      return ticket;
    }
  };
}
