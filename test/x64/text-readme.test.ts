import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { main } from '../../src/cli/main.ts';
import { cannotRunCode } from '../support/host.ts';

/** The README section this work owns: its examples must run as written. */
const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const SECTION_TITLE = '## x86-64 assembler: text syntax, template, disassembly, CLI';
const readme = readFileSync(README, 'utf8');
const section = readme.slice(readme.indexOf(SECTION_TITLE)).split(/\n## /)[0]!;

function blocks(language: string): string[] {
  return [...section.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]!);
}

/** Splits a shell command line the way the examples write them: words and "double-quoted" words. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!);
}

test('the README section exists and has its examples', () => {
  assert.ok(readme.includes(SECTION_TITLE));
  assert.equal(blocks('ts').length, 1);
  assert.equal(blocks('sh').length, 1);
});

test('the TypeScript example runs and prints what its comments say', async () => {
  // written next to the package so that `import … from 'jitkit'` resolves through package.json
  const file = fileURLToPath(new URL(`../../.readme-x64-text-${process.pid}.ts`, import.meta.url));
  writeFileSync(file, blocks('ts')[0]!);
  const printed: unknown[][] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void printed.push(args);
  try {
    await import(pathToFileURL(file).href);
  } finally {
    console.log = log;
    rmSync(file, { force: true });
  }
  assert.deepEqual(printed[0], [2]);
  assert.deepEqual(printed[1], ['401000', 'xor eax, eax']);
  assert.deepEqual(printed.at(-2), ['40100d', 'ret']);
  assert.deepEqual(printed.at(-1), [6, 4]);
});

test('every CLI example prints exactly what the README shows', async () => {
  const lines = blocks('sh')[0]!.trimEnd().split('\n');
  let checked = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('$ jitkit ')) continue;
    const args = words(lines[i]!.slice('$ jitkit '.length));
    const expected: string[] = [];
    while (i + 1 < lines.length && !lines[i + 1]!.startsWith('$ ')) expected.push(lines[++i]!);
    if (args[0] === 'run' && (cannotRunCode || process.arch !== 'x64')) continue;
    let stdout = '';
    const code = await main(args, { out: (text) => (stdout += `${text}\n`), err: () => {}, readStdin: async () => '', stdinIsTerminal: true });
    assert.equal(code, 0, args.join(' '));
    assert.equal(stdout, `${expected.join('\n')}\n`, args.join(' '));
    checked++;
  }
  assert.ok(checked >= 5);
});
