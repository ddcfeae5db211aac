/**
 * axe-core in a page under the app's own CSP. `script-src 'self'` refuses an inline
 * `<script>` (addScriptTag with content), so the source is evaluated through the DevTools
 * protocol instead, which page policies do not govern: the CSP under test stays as shipped.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

/** The WCAG 2.1 A and AA rules (axe's tags). */
export const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

export interface AxeViolation {
  id: string
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null
  help: string
  nodes: { target: string[]; failureSummary?: string }[]
}

async function inject(page: Page) {
  if (await page.evaluate<boolean>(`typeof window.axe === 'object'`)) return
  await page.evaluate<void>(`${AXE_SOURCE};void 0`)
}

/**
 * Violations of the given rules (WCAG 2.1 A/AA by tag, unless `rules` names some) in the
 * page or in the part `selector` picks.
 */
export async function axeViolations(
  page: Page,
  options: { selector?: string; rules?: string[] } = {},
): Promise<AxeViolation[]> {
  await inject(page)
  const runOnly = options.rules
    ? { type: 'rule', values: options.rules }
    : { type: 'tag', values: WCAG21_AA }
  const context = options.selector ? JSON.stringify(options.selector) : 'document'
  const result = await page.evaluate<{ violations: AxeViolation[] }>(
    `axe.run(${context}, { runOnly: ${JSON.stringify(runOnly)}, resultTypes: ['violations'] })`,
  )
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
  }))
}

/** Only what counts as a failure here: serious and critical. */
export async function seriousViolations(
  page: Page,
  options: { selector?: string; rules?: string[] } = {},
): Promise<AxeViolation[]> {
  const all = await axeViolations(page, options)
  return all.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/** A readable list for an assertion message. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    .join('\n')
}
