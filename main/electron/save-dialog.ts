import { writeFile } from 'node:fs/promises';
import { type BrowserWindow, app, dialog } from 'electron';

/** The OS save dialog for an export, starting in Documents; null when the clerk cancels. */
export async function saveWithDialog(window: BrowserWindow | null, suggestedName: string, content: string): Promise<string | null> {
  const options = {
    defaultPath: `${app.getPath('documents')}/${suggestedName}`,
    filters: [{ name: 'CSV', extensions: ['csv'] }],
  };
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return null;
  await writeFile(result.filePath, content, 'utf8');
  return result.filePath;
}
