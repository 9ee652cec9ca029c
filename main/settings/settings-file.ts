import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SECRET_STORAGES, SavedSettings } from '../../shared/settings/settings';

export const SETTINGS_FILE = 'settings.json';
/** Only the user may read it: it holds the sealed token (in the browser face, the token itself). */
const OWNER_ONLY = 0o600;

/** A secret as the file holds it, with the billing URL it belongs to: a token never goes to another service. */
const StoredToken = z.object({ url: z.string().min(1), storage: z.enum(SECRET_STORAGES), sealed: z.string().min(1) }).strict();
export type StoredToken = z.infer<typeof StoredToken>;

const SettingsFileContent = z
  .object({ version: z.literal(1), settings: SavedSettings, billingToken: StoredToken.nullable().default(null) })
  .strict();
export type SettingsFileContent = z.output<typeof SettingsFileContent>;

export type SettingsReading =
  | { readonly kind: 'read'; readonly content: SettingsFileContent }
  | { readonly kind: 'absent' }
  /** Unreadable: moved aside under `keptAt`, so the clerk's settings are never silently overwritten. */
  | { readonly kind: 'set_aside'; readonly keptAt: string; readonly reason: string };

/** The settings file of a data folder: read whole, written whole, atomically and owner-only. */
export class SettingsFile {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, SETTINGS_FILE);
  }

  read(now = Date.now()): SettingsReading {
    if (!existsSync(this.path)) return { kind: 'absent' };
    let reason: string;
    try {
      const parsed = SettingsFileContent.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      if (parsed.success) return { kind: 'read', content: parsed.data };
      reason = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`).join('; ');
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
    const keptAt = `${this.path}.invalid-${now}`;
    renameSync(this.path, keptAt);
    return { kind: 'set_aside', keptAt, reason };
  }

  write(content: SettingsFileContent): void {
    const temp = `${this.path}.partial`;
    writeFileSync(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: OWNER_ONLY });
    // writeFileSync's mode applies only when it creates the file: a leftover temp keeps its own.
    chmodSync(temp, OWNER_ONLY);
    renameSync(temp, this.path);
  }
}
