import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchResult } from './lib/types.ts';

export interface BenchReport {
  readonly benchmark: string;
  readonly results: readonly BenchResult[];
}

const here = dirname(fileURLToPath(import.meta.url));

/** Every `bench/*.ts` file but this runner is a benchmark module; they run in name order. */
export async function runBenchmarks(options: { quick: boolean; only?: string }): Promise<BenchReport[]> {
  const files = readdirSync(here)
    .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
    .filter((file) => options.only === undefined || file.includes(options.only))
    .sort();
  const reports: BenchReport[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
    reports.push({ benchmark: file.replace(/\.ts$/, ''), results: await module.run({ quick: options.quick }) });
  }
  return reports;
}

function formatValue(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function formatTable(reports: readonly BenchReport[]): string {
  const rows = reports.flatMap((report) => report.results.map((result) => [report.benchmark, result.name, formatValue(result.value), result.unit, result.note ?? '']));
  const header = ['benchmark', 'measure', 'value', 'unit', 'note'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 2 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const json = args.includes('--json');
  const onlyIndex = args.indexOf('--only');
  const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
  const reports = await runBenchmarks({ quick, only });
  process.stdout.write(`${json ? JSON.stringify(reports, null, 2) : formatTable(reports)}\n`);
}
