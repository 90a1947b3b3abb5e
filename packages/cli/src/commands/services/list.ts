import type { components } from '@guichet/api/client';
import { GuichetCommand } from '../../lib/base.ts';
import { word } from '../../lib/vocabulary.ts';

type Service = components['schemas']['Service'];

export default class ServicesList extends GuichetCommand<typeof ServicesList> {
  static override summary = 'The service tree with each responsibility chain';

  async run() {
    await this.parseFlags();
    const { api, url } = await this.client();
    const tree = await this.call(url, api.GET('/v1/services'));
    const rows: (Service & { depth: number })[] = [];
    const walk = (nodes: Service[], depth: number) => {
      for (const s of nodes) {
        rows.push({ ...s, depth });
        walk((s.children ?? []) as Service[], depth + 1);
      }
    };
    walk(tree as Service[], 0);
    this.printList(rows, [
      { header: 'CODE', value: (s) => `${'  '.repeat(s.depth)}${s.code}` },
      { header: 'STATUS', value: (s) => word('serviceStatus', s.status) },
      { header: 'APPROVAL', value: (s) => word('approval', s.approvalPolicy) },
      { header: 'TEAM', value: (s) => s.defaultTeam },
      { header: 'MODERATORS', value: (s) => s.moderators.join(', '), flexible: true },
      { header: 'NAME', value: (s) => s.name, flexible: true },
    ]);
    return { services: tree };
  }
}
