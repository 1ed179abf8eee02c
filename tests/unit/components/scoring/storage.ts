// An in-memory Web Storage for the scoring page's helpers (the browser's localStorage API).
export class MemoryStorage {
  readonly items = new Map<string, string>();
  failing = false;
  getItem(key: string): string | null {
    if (this.failing) throw new Error('storage blocked');
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.failing) throw new Error('QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    if (this.failing) throw new Error('storage blocked');
    this.items.delete(key);
  }
}
