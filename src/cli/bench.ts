import { formatTable, runBenchmarks } from '../../bench/run.ts';
import type { CliCommand } from './command.ts';
import { parseOptions } from './options.ts';

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'measure call overhead, patch latency, allocation and encoding throughput (same as npm run bench)',
  help: `usage: jitkit bench [--quick] [--json] [--only <name>]

Runs the benchmarks in bench/ side by side and prints a table (or JSON):
call overhead (jitkit vs bare koffi vs plain JS), patch latency per policy, 10,000 small functions,
and the assemblers' encoding throughput.

  --quick        fewer iterations (what CI runs)
  --json         machine-readable output
  --only <name>  only benchmarks whose file name contains <name>`,
  async run(args, io) {
    const { values } = parseOptions('bench', args, { quick: { type: 'boolean' }, json: { type: 'boolean' }, only: { type: 'string' } });
    if (values.help) {
      io.out(this.help);
      return 0;
    }
    const reports = await runBenchmarks({ quick: values.quick === true, only: values.only });
    io.out(values.json ? JSON.stringify(reports, null, 2) : formatTable(reports));
    return 0;
  },
};
