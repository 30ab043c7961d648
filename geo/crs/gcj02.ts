// GCJ-02 ("Mars coordinates", 国测局坐标): the obfuscated datum every Chinese web map (AMap/DataV,
// Tencent) publishes in. The forward WGS84 → GCJ-02 formula is public; there is no closed-form
// inverse, so gcj02ToWgs84 iterates the forward transform until it lands on the input.

export type LonLat = [number, number]

const A = 6378245.0
const EE = 0.00669342162296594323

/** Outside this box the offset is not applied (by convention of the formula). */
export function outOfChina(lon: number, lat: number): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271
}

function offsetLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3
  return r
}

function offsetLon(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3
  return r
}

export function wgs84ToGcj02(lon: number, lat: number): LonLat {
  if (outOfChina(lon, lat)) return [lon, lat]
  let dLat = offsetLat(lon - 105, lat - 35)
  let dLon = offsetLon(lon - 105, lat - 35)
  const radLat = (lat / 180) * Math.PI
  const s = Math.sin(radLat)
  const magic = 1 - EE * s * s
  const sqrtMagic = Math.sqrt(magic)
  dLat = (dLat * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI)
  dLon = (dLon * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI)
  return [lon + dLon, lat + dLat]
}

/** 1e-9° ≈ 0.1 mm: far below the 0.01 m the importer promises. */
const INVERSE_TOLERANCE_DEG = 1e-9
const INVERSE_MAX_STEPS = 30

/**
 * Inverts a forward datum shift f (lon/lat → lon/lat) by fixed-point iteration:
 * p ← p + (target − f(p)). The shift varies slowly (its derivative is ~1e-5 per degree),
 * so each step gains about five digits; two or three steps reach the tolerance.
 */
export function invertShift(forward: (lon: number, lat: number) => LonLat, lon: number, lat: number): LonLat {
  let x = lon
  let y = lat
  for (let i = 0; i < INVERSE_MAX_STEPS; i++) {
    const [fx, fy] = forward(x, y)
    const dx = lon - fx
    const dy = lat - fy
    x += dx
    y += dy
    if (Math.abs(dx) < INVERSE_TOLERANCE_DEG && Math.abs(dy) < INVERSE_TOLERANCE_DEG) break
  }
  return [x, y]
}

export function gcj02ToWgs84(lon: number, lat: number): LonLat {
  if (outOfChina(lon, lat)) return [lon, lat]
  return invertShift(wgs84ToGcj02, lon, lat)
}
