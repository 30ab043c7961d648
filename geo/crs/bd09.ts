// BD-09: Baidu Maps' datum, a further rotation-and-shift of GCJ-02. The forward GCJ-02 → BD-09
// formula is public; the inverse is iterated (invertShift) rather than the usual approximate one.

import { invertShift, type LonLat } from './gcj02.ts'

const X_PI = (Math.PI * 3000) / 180

export function gcj02ToBd09(lon: number, lat: number): LonLat {
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * X_PI)
  const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI)
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006]
}

export function bd09ToGcj02(lon: number, lat: number): LonLat {
  return invertShift(gcj02ToBd09, lon, lat)
}
