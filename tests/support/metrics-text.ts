/** Sum of a Prometheus metric's samples whose labels include every given label. */
export function sample(text: string, name: string, labels: Record<string, string>): number {
  return text.split('\n')
    .filter((line) => line.startsWith(`${name}{`) && Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}
