/**
 * WGS-84 ↔ GCJ-02. Chinese map tiles (AutoNavi/Gaode, Tencent) are drawn in GCJ-02, and
 * WeChat and Chinese map SDKs hand out positions in it: an obfuscated datum offset by a few
 * hundred metres; our data is WGS-84. Outside mainland China the two are the same.
 * Plain functions without imports, shared with the web (as @gongzhi/server/gcj02).
 */

const A = 6378245.0; // Krasovsky 1940 semi-major axis
// biome-ignore lint/correctness/noPrecisionLoss: the published constant, as the GCJ-02 references give it
const EE = 0.00669342162296594323; // its eccentricity squared

function outsideChina(lng: number, lat: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

/** [lng, lat] in WGS-84 → [lng, lat] in GCJ-02. */
export function wgs84ToGcj02(lng: number, lat: number): [number, number] {
  if (outsideChina(lng, lat)) return [lng, lat];
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (transformLat(lng - 105.0, lat - 35.0) * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (transformLng(lng - 105.0, lat - 35.0) * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lng + dLng, lat + dLat];
}

/** [lng, lat] in GCJ-02 → WGS-84, by fixed-point iteration to well under a centimetre. */
export function gcj02ToWgs84(lng: number, lat: number): [number, number] {
  if (outsideChina(lng, lat)) return [lng, lat];
  let wgsLng = lng;
  let wgsLat = lat;
  for (let i = 0; i < 10; i++) {
    const [gLng, gLat] = wgs84ToGcj02(wgsLng, wgsLat);
    const dLng = gLng - lng;
    const dLat = gLat - lat;
    wgsLng -= dLng;
    wgsLat -= dLat;
    if (Math.abs(dLng) < 1e-9 && Math.abs(dLat) < 1e-9) break;
  }
  return [wgsLng, wgsLat];
}
