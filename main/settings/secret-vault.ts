import type { SecretStorage } from '../../shared/settings/settings';

/**
 * Turns a secret into what the settings file holds and back. Electron's is safeStorage
 * (main/electron/safe-storage-vault.ts); the browser face keeps the secret in its settings file,
 * which only the user can read.
 */
export interface SecretVault {
  readonly storage: SecretStorage;
  seal(secret: string): string;
  /** Throws when the sealed text can't be opened here (another user's keychain, another machine). */
  open(sealed: string): string;
}

/** The browser face's: the file's 0600 mode is the protection (the README says so). */
export const FILE_VAULT: SecretVault = { storage: 'file', seal: (secret) => secret, open: (sealed) => sealed };
