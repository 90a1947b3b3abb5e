import {
  CheckConstraintViolationException,
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { DomainError } from '../errors.ts';

/** SQLSTATE classes and codes meaning "the database cannot serve now": try again shortly. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, or in recovery)
  '57014', // query_canceled (statement_timeout)
  '53300', // too_many_connections
  '25P03', // idle_in_transaction_session_timeout
]);
/** Node and pg client errors of a connection that failed, dropped or timed out. */
const UNAVAILABLE_MESSAGES =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|Connection terminated|timeout exceeded when trying to connect|Query read timeout|connection timeout|Client has encountered a connection error|the database system is (starting up|shutting down)/i;

/** Whether an error means the database is unreachable, stopping or too slow, rather than a bug. */
export function isUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; sqlState?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  const code = typeof e.code === 'string' ? e.code : typeof e.sqlState === 'string' ? e.sqlState : '';
  if (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08')) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)) {
    return true;
  }
  return typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message);
}

/**
 * The one place where ORM and PostgreSQL errors become domain errors. Anything not listed is a bug
 * and is rethrown as is.
 */
export function mapDbError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const sqlState = (error as { code?: unknown } | null)?.code;
  if (sqlState === 'GU001') {
    return new DomainError('CONFLICT', { rule: 'last_technical_admin' }, { cause: error });
  }
  // 22021: a byte sequence PostgreSQL cannot store (a NUL character); 22003: a number out of range.
  if (sqlState === '22021' || sqlState === '22P05' || sqlState === '22003') {
    return new DomainError('VALIDATION_FAILED', { rule: 'invalid_value' }, { cause: error });
  }
  if (isUnavailable(error)) return new DomainError('UNAVAILABLE', {}, { cause: error });
  if (error instanceof OptimisticLockError) {
    return new DomainError('CONFLICT', { rule: 'concurrent_update' }, { cause: error });
  }
  if (error instanceof UniqueConstraintViolationException) {
    return new DomainError(
      'DUPLICATE',
      { rule: 'unique_violation', params: constraintParams(error) },
      { cause: error },
    );
  }
  if (error instanceof ForeignKeyConstraintViolationException) {
    return new DomainError('VALIDATION_FAILED', { rule: 'foreign_key_violation' }, { cause: error });
  }
  if (
    error instanceof NotNullConstraintViolationException ||
    error instanceof CheckConstraintViolationException
  ) {
    return new DomainError('VALIDATION_FAILED', { rule: 'invalid_value' }, { cause: error });
  }
  return error;
}

function constraintParams(error: unknown): Record<string, string> {
  const e = error as { constraint?: string; table?: string };
  return { entity: e.table ?? '', key: e.constraint ?? '' };
}
