/**
 * A map from whole numbers (0 to 2^53) to small whole numbers, in typed arrays:
 * open addressing with linear probing. A `Map` boxes every key above 2^31 and
 * hashes it as an object; over a million lookups that was a third of reading
 * a BLT file. Here a lookup allocates nothing.
 *
 * @example
 * const t = new NumberTable();
 * t.set(25937424601, 7);
 * t.get(25937424601); // 7
 * t.get(3); // -1
 */
export class NumberTable {
  private keys = new Float64Array(1 << 12).fill(-1);
  private values = new Int32Array(1 << 12);
  private used = 0;

  /** The value stored for `key`, or -1. */
  get(key: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let i = slot(key, mask); ; i = (i + 1) & mask) {
      const k = keys[i]!;
      if (k === key) return this.values[i]!;
      if (k === -1) return -1;
    }
  }

  /** Stores `value` (0 or more) for a `key` not yet in the table. */
  set(key: number, value: number): void {
    if ((this.used + 1) * 2 > this.keys.length) this.grow();
    this.put(key, value);
    this.used++;
  }

  private put(key: number, value: number): void {
    const keys = this.keys;
    const mask = keys.length - 1;
    let i = slot(key, mask);
    while (keys[i] !== -1) i = (i + 1) & mask;
    keys[i] = key;
    this.values[i] = value;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Float64Array(keys.length * 2).fill(-1);
    this.values = new Int32Array(keys.length * 2);
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.put(keys[i]!, values[i]!);
  }
}

/** Where `key` starts probing: its low and high 32 bits mixed (a murmur-style finaliser). */
function slot(key: number, mask: number): number {
  let h = (key | 0) ^ ((key / 4294967296) | 0);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) & mask;
}
