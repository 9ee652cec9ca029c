import type { Migration } from '../../sqlite/migration';
import { payments } from './001-payments';
import { auditLog } from './002-audit-log';

/** In version order, one per schema version, never edited once released: add a new one instead. */
export const LEDGER_MIGRATIONS: readonly Migration[] = [payments, auditLog];

export const LEDGER_SCHEMA_VERSION = LEDGER_MIGRATIONS.length;
