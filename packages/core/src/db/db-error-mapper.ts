import {
  CheckConstraintViolationException,
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { DomainError } from '../errors.ts';

/**
 * The one place where ORM and PostgreSQL errors become domain errors. Anything not listed is a bug
 * and is rethrown as is.
 */
export function mapDbError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
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
