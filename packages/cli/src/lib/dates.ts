/**
 * A date a person typed, as the ISO 8601 instant the API takes: a day alone is that day at `hour`
 * o'clock local time; a date-time without offset is local time; one with an offset is kept; text
 * that is no date goes as typed, so the server names the field in its error.
 */
export function instantFrom(text: string, hour = 0): string {
  const typed = text.trim();
  const local = /^\d{4}-\d{2}-\d{2}$/.test(typed) ? `${typed}T${String(hour).padStart(2, '0')}:00:00` : typed;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? typed : date.toISOString();
}
