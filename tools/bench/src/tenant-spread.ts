// Which tenant the next request is for: always the first, each in turn, uniform over all, or Zipf-skewed (rank k
// drawn with probability ∝ 1/k^s), the way traffic concentrates on a few large tenants in a real fleet.
export type Spread = 'one' | 'each' | 'uniform' | 'zipf';

export const ZIPF_EXPONENT = 1.0;

export function tenantPicker(spread: Spread, count: number, random: () => number = Math.random): () => number {
  if (spread === 'one') return () => 0;
  if (spread === 'each') {
    let next = 0;
    return () => next++ % count;
  }
  if (spread === 'uniform') return () => Math.floor(random() * count);
  const cumulative = new Float64Array(count);
  let sum = 0;
  for (let rank = 1; rank <= count; rank++) cumulative[rank - 1] = (sum += 1 / rank ** ZIPF_EXPONENT);
  return () => {
    const wanted = random() * sum;
    // The first rank whose cumulative weight reaches `wanted`: a binary search over the prefix sums.
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < wanted) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}
