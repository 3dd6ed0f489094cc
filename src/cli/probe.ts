import { describeSystem } from '../memory/index.ts';
import type { CliCommand } from './command.ts';
import { parseOptions } from './options.ts';
import { toJson } from './trace-format.ts';

/** CPU features worth showing first: the ones jitkit's assemblers and JIT care about. */
const NOTABLE = ['sse4_2', 'avx', 'avx2', 'fma', 'bmi1', 'bmi2', 'lzcnt', 'popcnt', 'avx512f', 'avx512bw', 'avx512dq', 'avx512vl', 'asimd', 'atomics', 'fp', 'pku'];

export const probeCommand: CliCommand = {
  name: 'probe',
  summary: 'what this machine allows: OS, CPU, page size, memory policies, CPU features, membarrier',
  help: `usage: jitkit probe [--json]

Reports the OS and CPU architecture, the page size, which code-memory policies the OS allows
(wx, dual, rwx — each tried once), what 'auto' picks, whether membarrier SYNC_CORE is available
for cross-thread code modification, and the CPU features the OS reports.

  --json   machine-readable output`,
  async run(args, io) {
    const { values } = parseOptions('probe', args, { json: { type: 'boolean' } });
    if (values.help) {
      io.out(this.help);
      return 0;
    }
    const report = describeSystem();
    if (values.json) {
      io.out(toJson(report));
      return 0;
    }
    const yesNo = (flag: boolean): string => (flag ? 'yes' : 'no');
    const notable = NOTABLE.filter((name) => report.cpuFeatures.includes(name));
    io.out(`os              ${report.os}`);
    io.out(`arch            ${report.arch}`);
    io.out(`node            ${report.node}`);
    io.out(`page size       ${report.pageSize}`);
    io.out(`policy wx       ${yesNo(report.policies.wx)}${report.policies.reasons.wx ? ` (${report.policies.reasons.wx})` : ''}`);
    io.out(`policy dual     ${yesNo(report.policies.dual)}${report.policies.reasons.dual ? ` (${report.policies.reasons.dual})` : ''}`);
    io.out(`policy rwx      ${yesNo(report.policies.rwx)}${report.policies.reasons.rwx ? ` (${report.policies.reasons.rwx})` : ''}  (used only when asked for by name)`);
    io.out(`auto picks      ${report.autoPolicy ?? 'nothing: no policy works'}`);
    io.out(`membarrier      ${report.membarrierSyncCore ? 'SYNC_CORE available (cross-thread code changes can be serialized)' : 'SYNC_CORE unavailable'}`);
    io.out(`cpu features    ${notable.join(' ') || '(none of note)'}`);
    io.out(`                (${report.cpuFeatures.length} in all; --json lists every one)`);
    return 0;
  },
};
