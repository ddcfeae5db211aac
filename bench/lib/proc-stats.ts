/** What the bench reads about a server process from `/proc`: CPU time and resident memory. */
import { readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name may contain spaces; fields are counted after its closing paren.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
}

/** Resident set size in bytes (`VmRSS`). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /VmRSS:\s+(\d+) kB/.exec(status)
  return match ? Number(match[1]) * 1024 : 0
}

/** CPU seconds summed over several processes (a two-process set-up counts both). */
export function cpuOf(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0)
}

export function rssOf(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + rssBytes(pid), 0)
}

/** Pins a running process (and its threads) to the given CPU list, e.g. "1". */
export function pin(pid: number, cpus: string): void {
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' })
}
