/**
 * The H3 cells the map counts matters in (matters.cell_counts, and the h3_r5/r7/r9 columns):
 * r5 (~8 km across) for a district, r7 (~1.2 km) for a street, r9 (~170 m) for a community.
 * Pure: reads a cell's resolution from its bits, so checking input needs no H3 library.
 */
export const MAP_RESOLUTIONS = [5, 7, 9] as const;
export type MapResolution = (typeof MAP_RESOLUTIONS)[number];

/** The resolution the map counts at for a zoom: coarse cells far out, fine ones close in. */
export function resolutionForZoom(zoom: number): MapResolution {
  return zoom <= 10 ? 5 : zoom <= 13 ? 7 : 9;
}

/**
 * The resolution of an H3 cell index written as 15 hex digits (as h3-js writes them), or null
 * when it is not a cell at a resolution the map counts. Bit layout (H3 index mode 1): mode in
 * bits 59–62, resolution in 52–55, base cell (0–121) in 45–51, then fifteen 3-bit digits of
 * which those past the resolution are all 7.
 */
export function mapCellResolution(cell: string): MapResolution | null {
  if (!/^[0-9a-f]{15}$/.test(cell)) return null;
  const index = BigInt(`0x${cell}`);
  const bits = (from: number, width: number) => Number((index >> BigInt(from)) & ((1n << BigInt(width)) - 1n));
  if (bits(63, 1) !== 0 || bits(59, 4) !== 1 || bits(56, 3) !== 0 || bits(45, 7) > 121) return null;
  const res = bits(52, 4);
  if (!(MAP_RESOLUTIONS as readonly number[]).includes(res)) return null;
  for (let digit = res + 1; digit <= 15; digit++) if (bits((15 - digit) * 3, 3) !== 7) return null;
  return res as MapResolution;
}
