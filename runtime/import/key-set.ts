/**
 * The keys a first reading keeps for a whole file (ids, and the keys references point at), in
 * as little memory and time as a million records allow. Whole numbers from 0 up, which most ids
 * are (autoincrement), are bits of one growing bitmap: an eighth of a byte each, no hashing, and
 * nothing for the garbage collector to follow. Any other key (text, a composite key's text, a
 * negative number) goes into a plain Set, and so do numbers far beyond the others (a few huge
 * ids must not make a huge bitmap).
 */
export class KeySet {
  private bits = new Uint32Array(INITIAL_WORDS);
  private dense = 0;
  private readonly others = new Set<unknown>();

  /** Adds a key; false when it was there already. */
  add(key: unknown): boolean {
    if (isIndex(key) && (key < this.capacity() || this.growTo(key))) {
      const word = key >>> 5;
      const bit = 1 << (key & 31);
      if ((this.bits[word]! & bit) !== 0) return false;
      this.bits[word]! |= bit;
      this.dense++;
      return true;
    }
    const before = this.others.size;
    return this.others.add(key).size !== before;
  }

  has(key: unknown): boolean {
    if (isIndex(key) && key < this.capacity()) return (this.bits[key >>> 5]! & (1 << (key & 31))) !== 0;
    return this.others.has(key);
  }

  get size(): number {
    return this.dense + this.others.size;
  }

  private capacity(): number {
    return this.bits.length * 32;
  }

  /**
   * Grows the bitmap to hold `key` while it stays dense (at most 64 bits a key, the size of a
   * Set's entry), moving the numbers the Set held that it now covers; false when it would not.
   */
  private growTo(key: number): boolean {
    if (key >= MAX_BITS || key >= (this.size + 1) * 64 + INITIAL_WORDS * 32) return false;
    let words = this.bits.length;
    while (words * 32 <= key) words *= 2;
    const grown = new Uint32Array(words);
    grown.set(this.bits);
    this.bits = grown;
    for (const other of this.others) {
      if (isIndex(other) && other < this.capacity()) {
        this.others.delete(other);
        this.bits[other >>> 5]! |= 1 << (other & 31);
        this.dense++;
      }
    }
    return true;
  }
}

const INITIAL_WORDS = 1024;
/** 2^31 bits (256 MiB) is out of reach: a file holds far fewer keys than that. */
const MAX_BITS = 2 ** 31;

function isIndex(key: unknown): key is number {
  return typeof key === "number" && key >>> 0 === key;
}
