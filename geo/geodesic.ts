// Distances on the WGS84 ellipsoid: the model PostGIS uses for geography (ST_Distance,
// ST_DWithin with use_spheroid = true, the default), so counts computed here agree with it.
//
// geodesicMeters: Vincenty's inverse formula (1975), iterated to 1e-12 rad (≈ 0.006 mm); it
// agrees with Karney's algorithm (PostGIS ≥ 2.2, GeographicLib) to well under a millimetre for
// the distances gridsight measures. It does not converge for nearly antipodal points (never the
// case within a district); there it falls back to the spherical distance on the mean radius.
//
// Local scales: a short step (dLon, dLat) in degrees at latitude φ is, to first order,
// dx = dLon·kx(φ), dy = dLat·ky(φ) metres with kx = N(φ)·cos φ·π/180 and ky = M(φ)·π/180
// (N, M: the prime-vertical and meridional radii of curvature). See planarErrorBound for how
// far that is from the geodesic.

export const WGS84_A = 6378137
export const WGS84_F = 1 / 298.257223563
export const WGS84_B = WGS84_A * (1 - WGS84_F)
const E2 = WGS84_F * (2 - WGS84_F)
const RAD = Math.PI / 180

/** Geodesic distance in metres between two lon/lat points on the WGS84 ellipsoid. */
export function geodesicMeters(lon1: number, lat1: number, lon2: number, lat2: number): number {
  if (lon1 === lon2 && lat1 === lat2) return 0
  const a = WGS84_A
  const b = WGS84_B
  const f = WGS84_F
  const L = (lon2 - lon1) * RAD
  const U1 = Math.atan((1 - f) * Math.tan(lat1 * RAD))
  const U2 = Math.atan((1 - f) * Math.tan(lat2 * RAD))
  const sinU1 = Math.sin(U1)
  const cosU1 = Math.cos(U1)
  const sinU2 = Math.sin(U2)
  const cosU2 = Math.cos(U2)
  let lambda = L
  let sinSigma = 0
  let cosSigma = 0
  let sigma = 0
  let cosSqAlpha = 0
  let cos2SigmaM = 0
  for (let iter = 0; iter < 200; iter++) {
    const sinLambda = Math.sin(lambda)
    const cosLambda = Math.cos(lambda)
    const t1 = cosU2 * sinLambda
    const t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda
    sinSigma = Math.sqrt(t1 * t1 + t2 * t2)
    if (sinSigma === 0) return 0 // coincident points
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda
    sigma = Math.atan2(sinSigma, cosSigma)
    const sinAlpha = (cosU1 * cosU2 * sinLambda) / sinSigma
    cosSqAlpha = 1 - sinAlpha * sinAlpha
    cos2SigmaM = cosSqAlpha !== 0 ? cosSigma - (2 * sinU1 * sinU2) / cosSqAlpha : 0 // equatorial line
    const C = (f / 16) * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha))
    const prev = lambda
    lambda = L + (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
    if (Math.abs(lambda - prev) <= 1e-12) {
      const uSq = (cosSqAlpha * (a * a - b * b)) / (b * b)
      const A = 1 + (uSq / 16384) * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)))
      const B = (uSq / 1024) * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)))
      const deltaSigma =
        B *
        sinSigma *
        (cos2SigmaM +
          (B / 4) *
            (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) - (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
      return b * A * (sigma - deltaSigma)
    }
  }
  // Nearly antipodal: no convergence. Mean-radius great circle instead (error < 0.5 %).
  const sinDLat = Math.sin(((lat2 - lat1) * RAD) / 2)
  const sinDLon = Math.sin(((lon2 - lon1) * RAD) / 2)
  const h = sinDLat * sinDLat + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * sinDLon * sinDLon
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Metres per degree of longitude (kx) and of latitude (ky) at latitude `lat` on WGS84. */
export function ellipsoidScales(lat: number): { kx: number; ky: number } {
  const s = Math.sin(lat * RAD)
  const w2 = 1 - E2 * s * s
  const w = Math.sqrt(w2)
  const N = WGS84_A / w
  const M = (WGS84_A * (1 - E2)) / (w2 * w)
  return { kx: N * Math.cos(lat * RAD) * RAD, ky: M * RAD }
}

/** Smallest meridional radius (at the equator): the most degrees of latitude per metre. */
export const MIN_MERIDIONAL_RADIUS = WGS84_A * (1 - E2)

/**
 * A relative error bound of the planar distance sqrt((dLon·kx(φ₁))² + (dLat·ky(φ₁))²), scales
 * taken at the first point's latitude φ₁, against the geodesic, for distances up to `meters`
 * with both latitudes within ±maxAbsLat:
 * - scales taken up to d/M away from the mid-latitude (straightCoverage takes them at the centre of
 *   a latitude bin R tall, the mid-latitude is within d/(2M) of the building): kx changes by
 *   |dkx/dφ| = M·sin φ per radian, a relative change ≤ (M/N)·tan φ · d/M ≤ tan φ · d/Mmin;
 *   ky changes by 3e²·sinφ·cosφ/(1 − e² sin² φ) per radian, < 0.021 · d/Mmin;
 * - the mid-latitude plane against the geodesic: second order, below (d/Mmin)² · (1 + tan² φ);
 * The returned bound doubles their sum and adds 1e-9 + 10 µm / d for rounding (Vincenty is good to a few µm). For R = 300 m at 24° N it is
 * 8.6e-5 (26 mm); tests/unit/geo-straight-coverage.test.ts checks it against geodesicMeters.
 */
export function planarErrorBound(meters: number, maxAbsLat: number): number {
  const t = Math.tan(Math.min(89, Math.abs(maxAbsLat)) * RAD)
  const q = meters / MIN_MERIDIONAL_RADIUS
  return 2 * ((t + 0.021) * q + q * q * (1 + t * t)) + 1e-9 + 1e-5 / Math.max(meters, 1e-3)
}
