/** Text charts for the terminal (guichet reports): pure functions, no colour, no terminal access. */

const TICKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * One character per value, ▁ for the smallest and █ for the largest (a flat series is all ▁); a
 * missing value (null, not a number) is a space. Negative values are drawn on the same scale.
 * @example sparkline([0, 4, 8]) // '▁▅█'
 */
export function sparkline(values: readonly (number | string | null | undefined)[]): string {
  const numbers = values.filter(finite);
  if (numbers.length === 0) return ' '.repeat(values.length);
  const min = Math.min(...numbers);
  const span = Math.max(...numbers) - min;
  return values
    .map((v) => {
      if (!finite(v)) return ' ';
      if (span === 0) return TICKS[0];
      return TICKS[Math.round(((v - min) / span) * (TICKS.length - 1))];
    })
    .join('');
}

/**
 * A horizontal bar per value, in █ blocks scaled so the largest is `width` long; zero, negative and
 * missing values get no bar, a positive value at least one block.
 * @example bars([2, 4], 4) // ['██', '████']
 */
export function bars(values: readonly (number | string | null | undefined)[], width = 30): string[] {
  const largest = Math.max(0, ...values.filter(finite));
  return values.map((v) => {
    if (!finite(v) || v <= 0 || largest === 0) return '';
    return '█'.repeat(Math.max(1, Math.round((v / largest) * width)));
  });
}
