import { Flags } from '@oclif/core';
import { dateRefusal, readDate } from './dates.ts';
import { UsageError } from './errors.ts';

/**
 * A date option read by lib/dates.ts (ISO 8601 or day-first French); a day alone means `hour`
 * o'clock local time. An unreadable or ambiguous date is a usage error naming the option.
 */
export const dateFlag = (options: { description: string; hour?: number }) =>
  Flags.custom<string>({
    description: options.description,
    helpValue: 'DATE',
    parse: async (input, _context, flag) => {
      const reading = readDate(input, options.hour ?? 0);
      if (!reading.ok) throw new UsageError(dateRefusal(`--${flag.name}`, input, reading.problem));
      return reading.instant;
    },
  })();

/**
 * A whole-number option whose refusal names the option in the person's language (oclif's own
 * integer flag answers in English). Called twice, like oclif's flags: bounds, then the usual props.
 * @example limit: integerFlag({ min: 1, max: 200 })({ description: 'Page size', default: 50 })
 */
export const integerFlag = (bounds: { min?: number; max?: number } = {}) =>
  Flags.custom<number>({
    parse: async (input, _context, flag) => {
      const value = /^-?\d+$/.test(input.trim()) ? Number(input) : Number.NaN;
      if (Number.isNaN(value))
        throw UsageError.say('usage_integer', { flag: `--${flag.name}`, value: input });
      if (value < (bounds.min ?? -Infinity) || value > (bounds.max ?? Infinity))
        throw UsageError.say('usage_integer_range', {
          flag: `--${flag.name}`,
          value: input,
          min: bounds.min ?? '…',
          max: bounds.max ?? '…',
        });
      return value;
    },
  });
