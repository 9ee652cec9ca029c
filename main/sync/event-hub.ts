import type { AppEvent } from '../../shared/ipc/types';

/** Fan-out of push events to the faces (Electron window, web clients); a failing listener harms no other. */
export class EventHub {
  private readonly listeners = new Set<(event: AppEvent) => void>();

  subscribe(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A face that can't take an event must not stop the sync or the other faces.
      }
    }
  }
}
