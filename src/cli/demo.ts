import { DEMOS, type DemoReport, type DemoStep } from '../demos/index.ts';
import { JitkitError, isJitkitError } from '../errors.ts';
import { isCodePolicy, type CodePolicy } from '../memory/index.ts';
import type { CliCommand, CliIo } from './command.ts';
import { parseOptions } from './options.ts';
import { formatOsCall, toJson } from './trace-format.ts';

function printStep(io: CliIo, index: number, step: DemoStep, trace: boolean): void {
  if (trace) for (const call of step.osCalls) io.out(`     [os] ${formatOsCall(call)}`);
  io.out(`  ${index}. ${step.title}`);
  if (step.detail !== undefined) io.out(`     ${step.detail}`);
  if (step.bytes !== undefined) io.out(`     bytes: ${step.bytes}`);
  if (step.value !== undefined) io.out(`     -> ${step.value}`);
}

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'the classic experiments: execute, rewrite (RWX), patch — each step explained',
  help: `usage: jitkit demo [${DEMOS.map((demo) => demo.name).join('|')}] [--policy P] [--json] [--trace]

With no name, runs every experiment in turn and explains each step in plain words:
${DEMOS.map((demo) => `  ${demo.name.padEnd(9)} ${demo.summary}`).join('\n')}

  --policy P   auto (default), wx, dual, or rwx. 'rewrite' is the RWX experiment: it writes code
               through the pointer the CPU runs, which only RWX memory allows — unsafe, and exactly
               what W^X exists to forbid. It runs with rwx because you named it; other policies are refused.
  --json       one JSON report per experiment (steps, values, OS calls)
  --trace      print every OS call (mmap, mprotect, memfd_create, membarrier, ...) with its result`,
  async run(args, io) {
    const { values, positionals } = parseOptions('demo', args, {
      policy: { type: 'string' },
      json: { type: 'boolean' },
      trace: { type: 'boolean' },
    });
    if (values.help) {
      io.out(this.help);
      return 0;
    }
    if (positionals.length > 1) throw new JitkitError('E_USAGE', `demo: one experiment at a time; got ${positionals.join(' ')}`);
    const requested = positionals[0];
    const selected = requested === undefined ? DEMOS : DEMOS.filter((demo) => demo.name === requested);
    if (selected.length === 0) {
      throw new JitkitError('E_USAGE', `demo: no experiment named '${requested}'; choose one of ${DEMOS.map((demo) => demo.name).join(', ')}`);
    }
    if (values.policy !== undefined && !isCodePolicy(values.policy)) {
      throw new JitkitError('E_USAGE', `demo: unknown policy '${values.policy}'; use auto, wx, dual or rwx`);
    }
    const policy = values.policy as CodePolicy | undefined;
    const reports: Array<DemoReport | { name: string; skipped: string }> = [];
    let failed = false;
    for (const demo of selected) {
      const demoPolicy = (policy ?? demo.defaultPolicy) as CodePolicy;
      if (!values.json) io.out(`== ${demo.name}: ${demo.summary}`);
      let stepNumber = 0;
      try {
        const report = demo.run({
          policy: demoPolicy,
          onStep: values.json ? undefined : (step) => printStep(io, ++stepNumber, step, values.trace === true),
        });
        reports.push(report);
        if (!report.ok) failed = true;
        if (!values.json) io.out(`  ${report.ok ? 'ok' : 'FAILED'}: ${report.summary}\n`);
      } catch (error) {
        // Running every experiment: one that the chosen policy (or this CPU) rules out is reported, not fatal.
        if (requested === undefined && (isJitkitError(error, 'E_POLICY_DENIED') || isJitkitError(error, 'E_UNSUPPORTED'))) {
          reports.push({ name: demo.name, skipped: error.message });
          if (!values.json) io.out(`  skipped: ${error.message}\n`);
          continue;
        }
        throw error;
      }
    }
    if (values.json) io.out(toJson(requested === undefined ? reports : reports[0]));
    return failed ? 1 : 0;
  },
};
