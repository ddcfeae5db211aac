export async function renderChart(): Promise<string | null> {
  return null
}
