import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nativePlatform } from '../../src/native/index.ts';
import { parseProcMaps } from '../../src/native/proc-maps.ts';
import { arm64HwcapFeatures, parseAuxvHwcap, parseCpuFeatures } from '../../src/native/cpu-features.ts';
import { isJitkitError } from '../../src/errors.ts';
import { cannotRunCode } from '../support/host.ts';

test('parseProcMaps reads ranges, permissions and paths', () => {
  const maps = parseProcMaps(
    '7f00a000-7f00b000 r-xs 00000000 00:01 1234    /memfd:jitkit (deleted)\n' +
      '1f2e0000-1f2e1000 rw-p 00000000 00:00 0 \n',
  );
  assert.deepEqual(maps[0], { start: 0x7f00a000n, end: 0x7f00b000n, readable: true, writable: false, executable: true, shared: true, path: '/memfd:jitkit (deleted)' });
  assert.equal(maps[1]!.writable, true);
  assert.equal(maps[1]!.path, '');
});

test('parseCpuFeatures reads x86 flags and arm64 Features', () => {
  assert.deepEqual(parseCpuFeatures('processor : 0\nflags : sse2 avx2  fma\n'), ['avx2', 'fma', 'sse2']);
  assert.deepEqual(parseCpuFeatures('Features\t: fp asimd atomics\n'), ['asimd', 'atomics', 'fp']);
  assert.deepEqual(parseCpuFeatures('nothing here'), []);
});

test('AT_HWCAP is read from auxv bytes and named like the arm64 Features line', () => {
  // {AT_PAGESZ (6), 4096}, {AT_HWCAP (16), fp | asimd | atomics | paca}, {AT_NULL, 0}, then a decoy pair after the end.
  const words = [6n, 4096n, 16n, (1n << 0n) | (1n << 1n) | (1n << 8n) | (1n << 30n), 0n, 0n, 16n, 0xffffn];
  const auxv = new Uint8Array(new BigUint64Array(words).buffer);
  const hwcap = parseAuxvHwcap(auxv);
  assert.equal(hwcap, words[3]);
  assert.deepEqual(arm64HwcapFeatures(hwcap!), ['asimd', 'atomics', 'fp', 'paca']);
  assert.equal(parseAuxvHwcap(new Uint8Array(new BigUint64Array([6n, 4096n, 0n, 0n]).buffer)), null);
});

test('on arm64 the feature list names arm64 features even where /proc/cpuinfo is the host\'s (qemu-user)', { skip: cannotRunCode || (process.arch !== 'arm64' && 'arm64 process') }, () => {
  const features = nativePlatform().cpuFeatures();
  assert.ok(features.includes('fp') && features.includes('asimd'), features.join(' '));
  assert.ok(!features.includes('sse2'), 'no x86 flags');
});

test('a dual mapping is one object at two addresses: RX and RW', { skip: cannotRunCode }, () => {
  const platform = nativePlatform();
  const mapping = platform.mapDual(platform.pageSize);
  try {
    assert.notEqual(mapping.executable, mapping.writable);
    platform.view(mapping.writable, 4).set([1, 2, 3, 4]);
    assert.deepEqual([...platform.view(mapping.executable, 4)], [1, 2, 3, 4], 'a write through RW is visible through RX');
    const maps = platform.mappings();
    const find = (address: bigint) => maps.find((entry) => entry.start === address)!;
    assert.deepEqual([find(mapping.executable).writable, find(mapping.executable).executable], [false, true]);
    assert.deepEqual([find(mapping.writable).writable, find(mapping.writable).executable], [true, false]);
    assert.match(find(mapping.executable).path, /^\/memfd:jitkit/);
  } finally {
    platform.unmapDual(mapping);
  }
});

test('OS failures are E_NATIVE with errno and the reason', { skip: cannotRunCode }, () => {
  const platform = nativePlatform();
  assert.throws(
    () => platform.protect(0x1000n, platform.pageSize, 'rx'),
    (error) => isJitkitError(error, 'E_NATIVE') && typeof error.details.errno === 'number' && /mprotect failed/.test(error.message),
  );
});

test('membarrier SYNC_CORE is offered on this kernel and can be issued', { skip: cannotRunCode || process.env.JITKIT_EMULATOR === 'qemu-user' && 'qemu-user does not emulate membarrier' }, () => {
  const platform = nativePlatform();
  if (!platform.canSerializeOtherThreads) return; // older kernels: reported by `jitkit probe`, nothing to check
  assert.equal(platform.serializeOtherThreads(), true);
});
