/** A binary min-heap of numeric items keyed by a parallel priority; O(log n) push and pop. */
export class MinHeap {
  private items: number[] = []
  private keys: number[] = []

  get size(): number {
    return this.items.length
  }

  push(item: number, key: number): void {
    const { items, keys } = this
    let i = items.length
    items.push(item)
    keys.push(key)
    while (i > 0) {
      const p = (i - 1) >> 1
      if (keys[p] <= key) break
      items[i] = items[p]
      keys[i] = keys[p]
      i = p
    }
    items[i] = item
    keys[i] = key
  }

  /** Removes and returns the item with the smallest key; undefined when empty. */
  pop(): number | undefined {
    const { items, keys } = this
    if (items.length === 0) return undefined
    const top = items[0]
    const lastItem = items.pop()!
    const lastKey = keys.pop()!
    const n = items.length
    if (n > 0) {
      let i = 0
      for (;;) {
        let c = 2 * i + 1
        if (c >= n) break
        if (c + 1 < n && keys[c + 1] < keys[c]) c++
        if (keys[c] >= lastKey) break
        items[i] = items[c]
        keys[i] = keys[c]
        i = c
      }
      items[i] = lastItem
      keys[i] = lastKey
    }
    return top
  }

  /** The item with the smallest key, left in place; undefined when empty. */
  peek(): number | undefined {
    return this.items[0]
  }
}
