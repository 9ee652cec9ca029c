/**
 * OS notifications for push events the clerk should not miss while the window is in the background.
 * Shown from main (no web Notification permission is ever granted to the page).
 */
import { Notification } from 'electron';
import type { AppEvent } from '../../shared/ipc/types';

export interface NotificationText {
  readonly title: string;
  readonly body: string;
}

/** The one place the notification text is written (the localization issue replaces it). */
export function notificationTextFor(event: AppEvent): NotificationText | null {
  switch (event.type) {
    case 'order-approved':
      return { title: 'Settle', body: `Order ${event.orderId} approved — ready to pay` };
    default:
      return null;
  }
}

/** Shows the OS notification for an event, if it has one; `onClick` brings the window forward. */
export function notifyAppEvent(event: AppEvent, onClick?: () => void): boolean {
  const text = notificationTextFor(event);
  if (!text || !Notification.isSupported()) return false;
  const notification = new Notification({ title: text.title, body: text.body, silent: false });
  if (onClick) notification.on('click', onClick);
  notification.show();
  return true;
}
