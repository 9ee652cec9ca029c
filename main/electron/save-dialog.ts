import { join } from 'node:path';
import { type BrowserWindow, app, dialog } from 'electron';
import { writeFileAtomically } from './atomic-file';

/**
 * The OS save dialog for an export, starting in the export folder of the settings (else Documents), then the CSV written there as it is
 * produced; the path once the file is complete, or null when the clerk cancels.
 */
export async function saveWithDialog(window: BrowserWindow | null, suggestedName: string, csv: AsyncIterable<string>, folder: string | null): Promise<string | null> {
  const options = {
    defaultPath: join(folder ?? app.getPath('documents'), suggestedName),
    filters: [{ name: 'CSV', extensions: ['csv'] }],
  };
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return null;
  await writeFileAtomically(result.filePath, csv);
  return result.filePath;
}
