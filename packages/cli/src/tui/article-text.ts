/**
 * An article as lines of the terminal UI: `guichet kb show`'s rendering (lib/kb.ts: labelled
 * metadata, then the Markdown made readable and inert), wrapped to the terminal's width, so the
 * reducer and the screen agree on how far it scrolls.
 */
import { renderArticle } from '../lib/kb.ts';
import type { Article } from './data.ts';

/** How many of the article's lines the screen shows at once (the rest: position, notice, keys). */
export const articleRoom = (height: number): number => Math.max(3, height - 4);

export function articleLines(article: Article, width: number): string[] {
  return renderArticle(article)
    .split('\n')
    .flatMap((line) => wrapLine(line, width));
}

/** The furthest the article scrolls: its last line at the bottom of the screen. */
export const lastScroll = (article: Article, width: number, height: number): number =>
  Math.max(0, articleLines(article, width).length - articleRoom(height));

/**
 * One line cut into lines of at most `width` characters, at a space when there is one; the
 * continuation lines keep the line's indentation (and a bullet's), so lists and code stay readable.
 * @example wrapLine('• un deux trois', 9) // ['• un deux', '  trois']
 */
export function wrapLine(line: string, width: number): string[] {
  let rest = [...line];
  if (rest.length <= width) return [line];
  const lead = /^\s*(?:[•│] )?/.exec(line)![0].length;
  const pad = ' '.repeat(Math.min(lead, Math.floor(width / 2)));
  const out: string[] = [];
  let first = true;
  for (;;) {
    const room = first ? width : width - pad.length;
    if (rest.length <= room) break;
    const space = rest.lastIndexOf(' ', room);
    const cut = space > (first ? lead : 0) ? space : room;
    out.push((first ? '' : pad) + rest.slice(0, cut).join('').trimEnd());
    rest = rest.slice(cut);
    while (rest[0] === ' ') rest = rest.slice(1);
    first = false;
  }
  out.push((first ? '' : pad) + rest.join(''));
  return out;
}
