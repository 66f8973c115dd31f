import Table from 'cli-table3';

/**
 * A bench table without colour codes (cli-table3 paints the head red and the borders grey by
 * default), so piped or saved output is plain text.
 */
export function benchTable(head: readonly string[]): Table.Table {
  return new Table({ head: [...head], style: { head: [], border: [] } });
}
