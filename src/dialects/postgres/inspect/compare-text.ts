/** Code-unit order: the same on every machine and in every locale, so output is byte-identical. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
