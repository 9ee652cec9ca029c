/** Electron's safeStorage can't run here (no Electron binary): a stand-in with its API and its backends. */
import { describe, expect, it } from 'vitest';
import { safeStorageVault } from '../../main/electron/safe-storage-vault';

function fakeSafeStorage(backend: 'basic_text' | 'gnome_libsecret' | 'unknown', available = true) {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (text: string) => Buffer.from(`enc:${text}`),
    decryptString: (data: Buffer) => data.toString().replace(/^enc:/, ''),
  };
}

describe('secrets sealed by safeStorage', () => {
  it('are encrypted by the OS keychain where there is one', () => {
    expect(safeStorageVault(fakeSafeStorage('gnome_libsecret'), 'linux').storage).toBe('os');
    expect(safeStorageVault(fakeSafeStorage('unknown'), 'darwin').storage).toBe('os');
    expect(safeStorageVault(fakeSafeStorage('unknown'), 'win32').storage).toBe('os');
  });

  it('say so on Linux without a keyring (basic_text), or when encryption is unavailable', () => {
    expect(safeStorageVault(fakeSafeStorage('basic_text'), 'linux').storage).toBe('basic_text');
    expect(safeStorageVault(fakeSafeStorage('gnome_libsecret', false), 'linux').storage).toBe('basic_text');
  });

  it('are kept as base64 ciphertext, not the secret, and open again', () => {
    const vault = safeStorageVault(fakeSafeStorage('gnome_libsecret'), 'linux');
    const sealed = vault.seal('tok-secret-123');
    expect(sealed).toBe(Buffer.from('enc:tok-secret-123').toString('base64'));
    expect(sealed).not.toContain('tok-secret');
    expect(vault.open(sealed)).toBe('tok-secret-123');
  });
});
