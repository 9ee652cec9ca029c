/**
 * OS notifications for push events the clerk should not miss while the window is in the background.
 * Shown from main (no web Notification permission is ever granted to the page).
 */
import { Notification } from 'electron';
import type { AppEvent } from '../../shared/ipc/types';
import { mainWords, type MainLanguage } from './main-words';

export interface NotificationText {
  readonly title: string;
  readonly body: string;
}

/** The one place the notification text is chosen, in the UI's language. */
export function notificationTextFor(event: AppEvent, language: MainLanguage = 'en'): NotificationText | null {
  switch (event.type) {
    case 'order-approved':
      return { title: 'Settle', body: mainWords(language).orderApproved(event.orderId) };
    default:
      return null;
  }
}

/** Shows the OS notification for an event, if it has one; `onClick` brings the window forward. */
export function notifyAppEvent(event: AppEvent, onClick?: () => void, language: MainLanguage = 'en'): boolean {
  const text = notificationTextFor(event, language);
  if (!text || !Notification.isSupported()) return false;
  const notification = new Notification({ title: text.title, body: text.body, silent: false });
  if (onClick) notification.on('click', onClick);
  notification.show();
  return true;
}
