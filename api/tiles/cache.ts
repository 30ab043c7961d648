/**
 * The tiles' in-memory cache: least recently used first out, bounded by total bytes.
 *
 * Invalidation rule: every key starts with the data version — the newest live-event id and the
 * newest case id (api/tiles/version.ts) — so any committed case change (each lifecycle step and
 * the overdue sweep record an event; a report adds a case) makes every older entry unreachable;
 * they age out of the LRU. Entries also expire after `ttlMs`, because "overdue" moves with the
 * clock even when no row changes.
 */
export const CACHE_DEFAULTS = {
  /** total bytes kept */
  maxBytes: Number(process.env.GRIDSIGHT_TILE_CACHE_BYTES ?? 64 * 1024 * 1024),
  /** an entry's life: overdue flags depend on the time of day */
  ttlMs: Number(process.env.GRIDSIGHT_TILE_CACHE_TTL_MS ?? 60_000),
}

interface Entry {
  bytes: Uint8Array
  at: number
}

export class TileCache {
  private readonly entries = new Map<string, Entry>()
  private bytes = 0
  readonly stats = { hits: 0, misses: 0 }

  constructor(private readonly options = CACHE_DEFAULTS) {}

  get(key: string, now = Date.now()): Uint8Array | undefined {
    const entry = this.entries.get(key)
    if (!entry || now - entry.at > this.options.ttlMs) {
      if (entry) this.delete(key, entry)
      this.stats.misses++
      return undefined
    }
    // Map keeps insertion order: re-inserting makes it the most recent
    this.entries.delete(key)
    this.entries.set(key, entry)
    this.stats.hits++
    return entry.bytes
  }

  set(key: string, bytes: Uint8Array, now = Date.now()): void {
    const old = this.entries.get(key)
    if (old) this.delete(key, old)
    if (bytes.byteLength > this.options.maxBytes) return
    this.entries.set(key, { bytes, at: now })
    this.bytes += bytes.byteLength
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.options.maxBytes) break
      this.delete(oldest, entry)
    }
  }

  clear(): void {
    this.entries.clear()
    this.bytes = 0
  }

  get size(): number {
    return this.entries.size
  }

  private delete(key: string, entry: Entry) {
    this.entries.delete(key)
    this.bytes -= entry.bytes.byteLength
  }
}
