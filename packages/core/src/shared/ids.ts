import { randomUUID } from 'node:crypto';

/** A new random identifier (UUID v4). */
export const newId = (): string => randomUUID();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether the text is a UUID (how a key names a row by id rather than by email or code). */
export const isUuid = (text: string): boolean => UUID.test(text);
