/**
 * Chinese plates (GA 36): a province's character, the issuing office's letter, then 5 characters
 * (letters without I and O, digits; the last may be 挂 学 警 港 澳), or 6 for new-energy plates
 * (green, 8 characters in all: D or F first for small cars, or last for large vehicles).
 */
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const L = 'A-HJ-NP-Z';
const REGULAR = new RegExp(`^[${PROVINCES}][${L}][${L}0-9]{4}[${L}0-9挂学警港澳]$`);
const NEW_ENERGY = new RegExp(`^[${PROVINCES}][${L}](?:[DF][${L}0-9][0-9]{4}|[0-9]{5}[DF])$`);

/** The plate as kept (upper case, no spaces or dots), with whether it is new-energy; null if not a plate. */
export function parsePlate(raw: string): { plate: string; newEnergy: boolean } | null {
  const plate = raw.replace(/[\s·.•-]/g, '').toUpperCase();
  if (NEW_ENERGY.test(plate)) return { plate, newEnergy: true };
  if (REGULAR.test(plate)) return { plate, newEnergy: false };
  return null;
}
