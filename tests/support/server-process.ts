import { spawn, type ChildProcess } from 'node:child_process'

export interface ServerProcess {
  url: string
  pid: number
  child: ChildProcess
  log(): string
  stop(): Promise<void>
}

/**
 * Starts api/server.ts as a child process (node --import tsx, no npx wrapper that would outlive a
 * kill) on a free port and resolves once it prints "ready on".
 */
export function startServer(env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    env: { ...process.env, PORT: '0', STATIC_DIR: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      child.once('exit', () => {
        clearTimeout(killer)
        resolve()
      })
      child.kill('SIGTERM')
    })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`server not ready within ${timeoutMs} ms:\n${output.slice(-3000)}`))
    }, timeoutMs)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const m = output.match(/ready on (http:\/\/localhost:\d+)/)
      if (m) {
        clearTimeout(timer)
        resolve({ url: m[1]!, pid: child.pid!, child, log: () => output, stop })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited early (code ${code}):\n${output.slice(-3000)}`))
    })
  })
}
