import type { SafeStorage } from 'electron';
import type { SecretVault } from '../settings/secret-vault';

/**
 * Secrets sealed by the OS (Keychain on macOS, DPAPI on Windows, libsecret or kwallet on Linux)
 * through Electron's safeStorage; the settings file holds the ciphertext in base64. On Linux
 * without a keyring safeStorage falls back to `basic_text`, a fixed key: the vault says so, and
 * the Settings screen asks before saving a token that way. Call after the app is ready.
 */
export function safeStorageVault(safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>, platform: NodeJS.Platform): SecretVault {
  const weak = !safeStorage.isEncryptionAvailable() || (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text');
  return {
    storage: weak ? 'basic_text' : 'os',
    seal: (secret) => safeStorage.encryptString(secret).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
