import { truncate, visible } from './parse.ts';

/** A Guichet Message-ID named by a reply, with the header that named it. */
export interface GuichetId {
  kind: 'notification' | 'ticket';
  id: string;
  header: 'In-Reply-To' | 'References';
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * Guichet's own Message-IDs (`<notification.<id>@domain>`, `<ticket.<id>@domain>`, see
 * `message.ts`) among In-Reply-To, then References from the most recent back: a reply names the mail
 * it answers first. Ids on another domain are someone else's and are not looked at. Pure.
 */
export function guichetIds(inReplyTo: string[], references: string[], domain: string): GuichetId[] {
  const pattern = new RegExp(`^<(notification|ticket)\\.(${UUID})@${escapeRegExp(domain)}>$`, 'i');
  const out: GuichetId[] = [];
  const seen = new Set<string>();
  const scan = (ids: string[], header: GuichetId['header']) => {
    for (const raw of ids) {
      const m = pattern.exec(raw);
      if (!m) continue;
      const key = `${m[1]}:${m[2]!.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ kind: m[1]!.toLowerCase() as GuichetId['kind'], id: m[2]!.toLowerCase(), header });
    }
  };
  scan(inReplyTo, 'In-Reply-To');
  scan([...references].reverse(), 'References');
  return out;
}

/**
 * The ticket reference in a subject (`[GU-2026-000042]`, brackets optional), ignoring invisible
 * characters that would hide it; the last one when a forward chain carries several. Pure.
 * @example subjectReference('RE: [GU-2026-000042] Accès Moodle') // 'GU-2026-000042'
 */
export function subjectReference(subject: string): string | null {
  const matches = [...visible(subject).matchAll(/(?<![A-Za-z0-9])GU-(\d{4})-(\d{6,12})(?![0-9])/gi)];
  const last = matches.at(-1);
  return last ? `GU-${last[1]}-${last[2]}` : null;
}

/**
 * A provider's own ticket number in a subject, by the provider's configured pattern (a regular
 * expression whose first group is the number, e.g. `\[Kelis #(\d+)\]`). Null when it does not match
 * or the pattern is invalid. Pure.
 */
export function providerNumber(subject: string, pattern: string): string | null {
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'i');
  } catch {
    return null;
  }
  const m = re.exec(visible(subject));
  const value = m?.[1] ?? m?.[0];
  return value ? truncate(value.trim(), 200) : null;
}

/** The subject as a ticket title: without Re:/TR:/Fwd: prefixes and invisible characters. */
export function titleOf(subject: string): string {
  let title = visible(subject).replace(/\s+/g, ' ').trim();
  for (;;) {
    const next = title.replace(/^(?:re|tr|fw|fwd|aw|wg|réf|ref)\s*(?:\[\d+\])?\s*:\s*/i, '');
    if (next === title) break;
    title = next;
  }
  return truncate(title, 300);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
