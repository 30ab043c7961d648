/**
 * A tiny benchmark harness: run each candidate a few times after a warm-up, report the
 * median, and the ratio to the baseline measured in the same process on the same input.
 */
export interface Result {
  name: string
  medianMs: number
  runs: number
}

export async function time(name: string, fn: () => unknown | Promise<unknown>, { runs = 7, warmup = 2 } = {}): Promise<Result> {
  for (let i = 0; i < warmup; i++) await fn()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn()
    samples.push(performance.now() - t0)
  }
  samples.sort((a, b) => a - b)
  return { name, medianMs: samples[Math.floor(samples.length / 2)], runs }
}

export function row(candidate: Result, baseline: Result): string {
  const ratio = baseline.medianMs / candidate.medianMs
  return `| ${candidate.name} | ${fmt(candidate.medianMs)} | ${baseline.name} | ${fmt(baseline.medianMs)} | ${ratio.toFixed(1)}× |`
}

export const fmt = (ms: number) => (ms < 1 ? `${ms.toFixed(3)} ms` : ms < 100 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(0)} ms`)

export const HEADER = '| candidate | median | baseline | median | speed-up |\n|---|---|---|---|---|'
