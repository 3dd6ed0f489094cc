import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { aliasWritesInvisible, cannotRunCode } from '../support/host.ts';
import { main } from '../../src/cli/main.ts';
import { DEMOS } from '../../src/demos/index.ts';

const BIN = fileURLToPath(new URL('../../bin/jitkit.js', import.meta.url));

/** The emulated arm64 node cannot start another emulated node (no binfmt_misc handler in the container). */
const cannotSpawnNode = process.env.JITKIT_EMULATOR === 'qemu-user' ? 'the emulated node cannot spawn itself under qemu-user' : false;

/** Runs the CLI in this process with captured output: the same `main` the binary calls. */
async function jitkit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    out: (text) => (stdout += `${text}\n`),
    err: (text) => (stderr += `${text}\n`),
    readStdin: async () => '',
    stdinIsTerminal: true,
  });
  return { code, stdout, stderr };
}

test('the installed binary runs the CLI and sets the exit code', { skip: cannotRunCode || cannotSpawnNode }, async () => {
  const ok = spawnSync(process.execPath, [BIN, 'run', '--hex', process.arch === 'arm64' ? '40 05 80 52 c0 03 5f d6' : 'b8 2a 00 00 00 c3'], { encoding: 'utf8', timeout: 60_000 });
  assert.deepEqual([ok.status, ok.stdout, ok.stderr], [0, '42\n', '']);
  const bad = spawnSync(process.execPath, [BIN, 'run', '--hex', 'b8 2'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^jitkit: error: .*odd number of digits.*\n$/);
});

test('run --hex prints the return value alone', { skip: cannotRunCode || process.arch !== 'x64' }, async () => {
  assert.deepEqual(await jitkit('run', '--hex', 'b8 2a 00 00 00 c3'), { code: 0, stdout: '42\n', stderr: '' });
  const add = await jitkit('run', '--hex', '8d 04 37 c3', '--sig', 'int32 (int32, int32)', '--args', '40,2', '--policy', 'wx');
  assert.equal(add.stdout, '42\n');
});

test('run --trace shows the OS calls on stderr and keeps stdout clean', { skip: cannotRunCode || process.arch !== 'x64' }, async () => {
  const result = await jitkit('run', '--hex', 'b8 2a 00 00 00 c3', '--policy', 'dual', '--trace');
  assert.equal(result.stdout, '42\n');
  assert.match(result.stderr, /\[os\] memfd_create\("jitkit"/);
  assert.match(result.stderr, /\[os\] mmap\(.*PROT_READ\|PROT_EXEC, MAP_SHARED/);
});

test('bad input exits 2 with one error line and a hint', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['run', '--hex', 'b8 2a 0'], /odd number of digits/],
    [['run', '--hex', 'zz'], /not a hex digit/],
    [['run', '--hex', ''], /no bytes/],
    [['run'], /--hex/],
    [['run', '--hex', 'c3', '--sig', 'int64 (quad)'], /unknown parameter 1 'quad'/],
    [['run', '--hex', 'c3', '--sig', 'int64 (int64)', '--args', '1,2'], /takes 1 argument/],
    [['run', '--hex', 'c3', '--policy', 'fast'], /unknown policy 'fast'/],
    [['run', '--bogus'], /Unknown option '--bogus'/],
    [['demo', 'nosuch'], /no experiment named 'nosuch'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ];
  for (const [args, message] of cases) {
    const result = await jitkit(...args);
    assert.equal(result.code, 2, `${args.join(' ')} → ${result.stderr}`);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `one line for ${args.join(' ')}: ${result.stderr}`);
    assert.match(lines[0]!, /^jitkit: error: /);
    assert.match(lines[0]!, message);
  }
});

test('every command has --help', async () => {
  for (const command of ['probe', 'run', 'demo', 'bench']) {
    const result = await jitkit(command, '--help');
    assert.equal(result.code, 0, command);
    assert.match(result.stdout, new RegExp(`^usage: jitkit ${command}`));
  }
  assert.match((await jitkit('--help')).stdout, /commands:/);
  assert.match((await jitkit('demo', '--help')).stdout, /unsafe/, 'the help says plainly that rwx is unsafe');
});

test('demo runs every experiment; --json and --trace work', { skip: cannotRunCode || aliasWritesInvisible }, async () => {
  const all = await jitkit('demo');
  assert.equal(all.code, 0, all.stderr);
  for (const name of ['execute', 'rewrite', 'patch']) assert.match(all.stdout, new RegExp(`== ${name}:`));
  // Every registered experiment runs under its default policy (the live-modification ones included).
  assert.equal((all.stdout.match(/^ {2}ok: /gm) ?? []).length, DEMOS.length);
  const json = await jitkit('demo', 'patch', '--policy', 'wx', '--json');
  const report = JSON.parse(json.stdout) as { ok: boolean; policy: string; steps: Array<{ osCalls: Array<{ name: string }> }> };
  assert.equal(report.ok, true);
  assert.equal(report.policy, 'wx');
  assert.ok(report.steps.some((step) => step.osCalls.some((call) => call.name === 'mprotect')));
  const traced = await jitkit('demo', 'execute', '--policy', 'wx', '--trace');
  assert.match(traced.stdout, /\[os\] mprotect\(0x[0-9a-f]+, \d+, PROT_READ\|PROT_EXEC\) = 0/);
  const skipped = await jitkit('demo', '--policy', 'dual');
  assert.equal(skipped.code, 0);
  assert.match(skipped.stdout, /skipped: the rewrite experiment/);
});

test('probe reports policies and features, as text and JSON', { skip: cannotRunCode }, async () => {
  const text = await jitkit('probe');
  assert.equal(text.code, 0);
  assert.match(text.stdout, /page size\s+\d+/);
  const report = JSON.parse((await jitkit('probe', '--json')).stdout) as { os: string; arch: string; pageSize: number; allowedPolicies: string[]; cpuFeatures: string[] };
  assert.equal(report.os, 'linux');
  assert.equal(report.arch, process.arch);
  assert.ok(report.pageSize >= 4096);
  assert.ok(report.allowedPolicies.length > 0);
  assert.ok(report.cpuFeatures.length > 0);
});
