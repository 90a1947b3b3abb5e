import pino from 'pino';
import type { Logger } from './error-handler.ts';

/** Structured JSON logs on stderr (pino), adapted to the `(level, message, data)` shape core uses. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const base = pino({ level, base: { service: 'guichet', pid: process.pid } }, pino.destination(2));
  return (lvl, message, data = {}) => base[lvl](data, message);
}
