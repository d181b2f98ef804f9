/**
 * A tiny event emitter: `on` returns an unsubscribe function, a throwing listener never stops
 * the others (a bug in one UI widget must not cut the message stream of the rest).
 */
export class Emitter {
  #listeners = new Map();

  on(type, listener) {
    if (!this.#listeners.has(type)) this.#listeners.set(type, new Set());
    this.#listeners.get(type).add(listener);
    return () => this.off(type, listener);
  }

  once(type, listener) {
    const off = this.on(type, (value) => {
      off();
      listener(value);
    });
    return off;
  }

  off(type, listener) {
    this.#listeners.get(type)?.delete(listener);
  }

  emit(type, value) {
    const listeners = this.#listeners.get(type);
    if (!listeners) return;
    for (const listener of [...listeners]) {
      try {
        listener(value);
      } catch (err) {
        console.error(`[switchboard] a "${type}" listener threw`, err);
      }
    }
  }
}
