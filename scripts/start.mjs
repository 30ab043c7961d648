#!/usr/bin/env node
// npm start: build the web app if its sources changed since the last build, then run the
// server (API + built SPA) with the embedded database unless DATABASE_URL says otherwise.
import { spawn } from 'node:child_process'
import { ensureWebBuild } from './web-build.mjs'

await ensureWebBuild({ log: console.log })
const server = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], { stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
