/**
 * The colours of the cockpit's map cells: a few classes of the open-matter count, light to
 * dark (ColorBrewer YlOrRd, readable on a blank canvas and on tiles). Classes rather than a
 * continuous ramp, so the legend can say exactly which counts a colour stands for.
 */
export const HEX_COLOURS = ['#fed976', '#feb24c', '#fd8d3c', '#f03b20', '#bd0026'] as const;

export interface HexClass {
  /** The lowest count of the class, and the highest (null: no upper bound). */
  from: number;
  to: number | null;
  colour: string;
}

/**
 * Up to five classes over the counts: one per count while there are few distinct counts, else
 * breaks at the quintiles, so each colour covers about as many cells. Empty for no counts.
 */
export function hexClasses(counts: readonly number[]): HexClass[] {
  const sorted = counts.filter((n) => n > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const distinct = [...new Set(sorted)];
  const starts =
    distinct.length <= HEX_COLOURS.length
      ? distinct
      : [...new Set(HEX_COLOURS.map((_, i) => sorted[Math.floor((i * sorted.length) / HEX_COLOURS.length)]!))];
  // The darkest colour for the highest class, whatever the number of classes.
  const offset = HEX_COLOURS.length - starts.length;
  return starts.map((from, i) => {
    const next = starts[i + 1];
    const last = next === undefined;
    return {
      from,
      to: last ? (from === sorted.at(-1) ? from : null) : next - 1,
      colour: HEX_COLOURS[offset + i]!,
    };
  });
}

/** The colour of a count: that of the highest class starting at or below it. */
export function hexColour(classes: readonly HexClass[], count: number): string {
  let colour = classes[0]?.colour ?? HEX_COLOURS[0];
  for (const c of classes) if (count >= c.from) colour = c.colour;
  return colour;
}

/** "3", "4–7", "8+": a class's counts for the legend. */
export function classLabel(c: HexClass): string {
  if (c.to === null) return `${c.from}+`;
  return c.to === c.from ? String(c.from) : `${c.from}–${c.to}`;
}
