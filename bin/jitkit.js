#!/usr/bin/env node
// The CLI's sources are TypeScript. Node 22.18+ strips types natively; older Nodes (>= 20) load them
// through tsx's ESM hooks, registered before the first .ts import.
if (!process.features?.typescript) {
  const { register } = await import('tsx/esm/api');
  register();
}
const { main, processIo } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), processIo());
