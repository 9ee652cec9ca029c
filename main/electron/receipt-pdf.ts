import { join } from 'node:path';
import { type BrowserWindow, app, dialog } from 'electron';
import { writeFileAtomically } from './atomic-file';

/**
 * The receipt the page shows, printed to PDF: `printToPDF` renders the page with its print styles
 * (`@media print` shows only the open receipt), then the OS save dialog, starting in the export folder (else Documents), and
 * the file written beside its final name and renamed into place. The path, or null when cancelled.
 */
export async function saveReceiptPdfWithDialog(window: BrowserWindow | null, suggestedName: string, folder: string | null): Promise<string | null> {
  if (!window || window.isDestroyed()) throw new Error('the Settle window is not open');
  const pdf = await window.webContents.printToPDF({ printBackground: false, pageSize: 'A4' });
  const result = await dialog.showSaveDialog(window, { defaultPath: join(folder ?? app.getPath('documents'), suggestedName), filters: [{ name: 'PDF', extensions: ['pdf'] }] });
  if (result.canceled || !result.filePath) return null;
  await writeFileAtomically(result.filePath, toChunks(pdf));
  return result.filePath;
}

async function* toChunks(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}
