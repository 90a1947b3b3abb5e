import { cliLanguage, t } from './messages.ts';

/**
 * Dates a person types, read the same way by the command line and the terminal UI: ISO 8601 (a day,
 * or a date-time with or without offset) or the French day-first forms (`31/12/2026`,
 * `31/12/2026 14:30`, `31.12.2026`, `31-12-2026 14h30`). A day alone is that day at `hour` o'clock,
 * local time; a time without offset is local time. Anything ambiguous is refused rather than
 * guessed: two-digit years, a day and month without year, and month-first US dates (`12/31/2026`
 * is the 12th of the 31st month, so invalid).
 */

export type DateProblem = 'unreadable' | 'no_year' | 'short_year' | 'no_such_date';

export type DateReading = { ok: true; instant: string } | { ok: false; problem: DateProblem };

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const DAY_FIRST = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T]+(\d{1,2})[:hH](\d{2})(?::(\d{2}))?)?$/;
const SHORT_YEAR = /^\d{1,2}([/.-])\d{1,2}\1\d{2}(?:\s.*)?$/;
const NO_YEAR = /^\d{1,2}[/.-]\d{1,2}(?:\s.*)?$/;

/**
 * Reads a typed date as the ISO 8601 instant the API takes, or says why it cannot.
 * @example readDate('31/12/2026 14:30') // { ok: true, instant: <14:30 local time, in UTC> }
 * @example readDate('12/31/2026') // { ok: false, problem: 'no_such_date' }
 */
export function readDate(text: string, hour = 0): DateReading {
  const typed = text.trim();
  const iso = ISO.exec(typed);
  if (iso) {
    const [, y, mo, d, hh, mm, ss, fraction, offset] = iso;
    const parts = [y, mo, d, hh ?? String(hour), mm ?? '0', ss ?? '0'].map(Number) as Six;
    if (!valid(parts)) return { ok: false, problem: 'no_such_date' };
    if (offset) {
      const normalised = offset.toUpperCase() === 'Z' ? 'Z' : offset.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
      const stamp = `${y}-${mo}-${d}T${hh}:${mm}:${ss ?? '00'}${fraction ?? ''}${normalised}`;
      const date = new Date(stamp);
      return Number.isNaN(date.getTime())
        ? { ok: false, problem: 'no_such_date' }
        : { ok: true, instant: date.toISOString() };
    }
    return { ok: true, instant: local(parts, fraction) };
  }
  const dayFirst = DAY_FIRST.exec(typed);
  if (dayFirst) {
    const [, d, , mo, y, hh, mm, ss] = dayFirst;
    const parts = [y, mo, d, hh ?? String(hour), mm ?? '0', ss ?? '0'].map(Number) as Six;
    return valid(parts) ? { ok: true, instant: local(parts) } : { ok: false, problem: 'no_such_date' };
  }
  if (SHORT_YEAR.test(typed)) return { ok: false, problem: 'short_year' };
  if (NO_YEAR.test(typed)) return { ok: false, problem: 'no_year' };
  return { ok: false, problem: 'unreadable' };
}

type Six = [number, number, number, number, number, number];

/** A real calendar day and time (no 31st of February, no 25 o'clock). */
function valid([y, mo, d, hh, mm, ss]: Six): boolean {
  if (mo < 1 || mo > 12 || d < 1 || hh > 23 || mm > 59 || ss > 59) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function local([y, mo, d, hh, mm, ss]: Six, fraction?: string): string {
  const ms = fraction ? Math.round(Number(`0${fraction}`) * 1000) : 0;
  return new Date(y, mo - 1, d, hh, mm, ss, ms).toISOString();
}

/**
 * The one-line refusal of a typed date, naming what the person typed it into (a flag such as
 * `--created-from`, or a form field's label), never the API's field.
 */
export function dateRefusal(field: string, value: string, problem: DateProblem): string {
  return t('date_invalid', { field, value: value.trim(), why: t(`date_${problem}`) });
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * An instant as a person reads it, in local time: `15/01/2030 08:00` in French, `2030-01-15 08:00`
 * in English (the day alone with `time: false`).
 */
export function localDateTime(iso: string | null | undefined, options: { time?: boolean } = {}): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const day =
    cliLanguage() === 'fr'
      ? `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`
      : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return options.time === false ? day : `${day} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const UNITS = [
  { ms: 365 * 24 * 3600_000, fr: 'an', frPlural: 'ans', en: 'y' },
  { ms: 30 * 24 * 3600_000, fr: 'mois', frPlural: 'mois', en: 'mo' },
  { ms: 24 * 3600_000, fr: 'j', frPlural: 'j', en: 'd' },
  { ms: 3600_000, fr: 'h', frPlural: 'h', en: 'h' },
  { ms: 60_000, fr: 'min', frPlural: 'min', en: 'min' },
] as const;

/**
 * How long ago (or how far ahead) an instant is, short: `il y a 3 h` / `3 h ago`, `dans 2 j` /
 * `in 2 d`, `à l’instant` / `just now` under a minute.
 */
export function relativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return '';
  const delta = new Date(iso).getTime() - now;
  if (Number.isNaN(delta)) return iso;
  const unit = UNITS.find((u) => Math.abs(delta) >= u.ms);
  const french = cliLanguage() === 'fr';
  if (!unit) return french ? 'à l’instant' : 'just now';
  const n = Math.floor(Math.abs(delta) / unit.ms);
  const amount = `${n} ${french ? (n > 1 ? unit.frPlural : unit.fr) : unit.en}`;
  if (delta < 0) return french ? `il y a ${amount}` : `${amount} ago`;
  return french ? `dans ${amount}` : `in ${amount}`;
}
