import { Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { textFlag } from '../../lib/text-input.ts';
import { renderTicket } from '../../lib/tickets.ts';

export default class TicketsCreate extends GuichetCommand<typeof TicketsCreate> {
  static override summary = 'Open a ticket';
  static override examples = [
    '<%= config.bin %> tickets create --title "Casque VR en panne" --description "Le casque 2 ne s’allume plus" --service vr-room',
    'cat mail.txt | <%= config.bin %> tickets create --title "Quiz bloqué" --description - --requester prof@insa-rennes.fr --channel email',
  ];
  static override flags = {
    title: Flags.string({ required: true }),
    description: Flags.string({ required: true, description: 'Text, or - to read it from standard input' }),
    service: Flags.string({ description: 'Service code' }),
    'sub-service': Flags.string({ description: 'Sub-service code' }),
    type: Flags.string({ options: ['incident', 'request', 'problem'] }),
    impact: Flags.string({ options: ['high', 'medium', 'low'] }),
    urgency: Flags.string({ options: ['high', 'medium', 'low'] }),
    requester: Flags.string({ description: 'On behalf of this person (moderators)' }),
    channel: Flags.string({ options: ['api', 'portal', 'email', 'cli', 'phone'], default: 'cli' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { api, url } = await this.client();
    const ticket = await this.call(
      url,
      api.POST('/v1/tickets', {
        body: {
          title: flags.title,
          description: (await textFlag('description', flags.description))!,
          service: flags.service,
          subService: flags['sub-service'],
          type: flags.type as 'incident' | undefined,
          impact: flags.impact as 'high' | undefined,
          urgency: flags.urgency as 'high' | undefined,
          requester: flags.requester,
          channel: flags.channel as 'cli',
        },
      }),
    );
    this.log(renderTicket(ticket));
    return ticket;
  }
}
