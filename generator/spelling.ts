/**
 * "Did you mean …?": the closest candidate by edit distance, for messages that name what would
 * be valid. Only suggests when the distance is small relative to the word, so that a wild guess
 * gets the list of valid names instead.
 */

/**
 * Edit distance (optimal string alignment: insertions, deletions, substitutions and swaps of
 * two neighbours each cost one), case-insensitive: a wrong case or a swap is one cheap mistake.
 */
export function editDistance(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  let before: number[] = [];
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    for (let j = 1; j <= right.length; j++) {
      let distance = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (left[i - 1] === right[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1]) distance = Math.min(distance, before[j - 2]! + 1);
      current.push(distance);
    }
    before = previous;
    previous = current;
  }
  return previous[right.length]!;
}

/** The closest candidate, or undefined when none is close enough (ties: the first in sorted order). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const name of [...candidates].sort()) {
    const distance = editDistance(word, name);
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/**
 * The end of a message about a wrong name: `did you mean "x"?` when one is close, else the list
 * of valid names (`expected one of: a, b`), or `none exist` when there are none.
 */
export function suggest(word: string, candidates: readonly string[], what = "one of"): string {
  const near = closest(word, candidates);
  if (near !== undefined) return `did you mean "${near}"?`;
  if (candidates.length === 0) return "there are none";
  return `expected ${what}: ${candidates.join(", ")}`;
}
