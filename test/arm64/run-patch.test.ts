// Live modification on AArch64: write -> flush -> execute -> patch -> flush -> execute, through the code heap
// and each policy this OS allows, so the real ritual (CodeHeap write + platform flush) runs end to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/call/index.ts';
import { CodeHeap, supportedPolicies } from '../../src/memory/index.ts';
import { nativePlatform } from '../../src/native/index.ts';
import { breakpoint, probe } from '../../src/patch/index.ts';
import { a64, cannotRunA64 } from './run-assemble.ts';
import { aliasWritesInvisible } from '../support/host.ts';

for (const policy of ['wx', 'dual', 'rwx'] as const) {
  // Under `dual` the write goes through the RW alias, which qemu-user does not notice (see aliasWritesInvisible);
  // real AArch64 hardware honours the ritual, so the case is skipped only on the emulated lane.
  const refused = cannotRunA64
    || (!supportedPolicies(nativePlatform())[policy] && `this OS refuses the ${policy} policy`)
    || (policy === 'dual' && aliasWritesInvisible);
  test(`${policy}: code returning 42 is patched in place to return 1337`, { skip: refused }, () => {
    const heap = new CodeHeap({ policy });
    try {
      const fn = compile(a64('mov w0, #42\nret'), 'int32 (void)', { heap });
      assert.equal(fn(), 42);
      // Same address, first instruction replaced by movz w0, #1337.
      fn.block.write(0, a64('mov w0, #1337'));
      assert.equal(fn(), 1337);
      // And back: a second patch of the same line must be seen as well.
      fn.block.write(0, a64('mov w0, #42'));
      assert.equal(fn(), 42);
    } finally {
      heap.dispose();
    }
  });
}

test('a patched branch redirects a running caller: b to one target, then to another', { skip: cannotRunA64 }, () => {
  const heap = new CodeHeap({ policy: 'wx' });
  try {
    // entry: b first; first: mov w0,#1; ret; second: mov w0,#2; ret (second at offset 12). Patching the single aligned `b` word is
    // the one kind of live edit the Arm ARM (B2.4.4) allows while other cores may be executing it.
    const fn = compile(a64('b first\nfirst: mov w0, #1\nret\nsecond: mov w0, #2\nret'), 'int32 (void)', { heap });
    assert.equal(fn(), 1);
    fn.block.write(0, a64('b second\nnop\nnop\nsecond:'));
    assert.equal(fn(), 2);
  } finally {
    heap.dispose();
  }
});

for (const policy of ['wx', 'dual', 'rwx'] as const) {
  const refused = cannotRunA64
    || (!supportedPolicies(nativePlatform())[policy] && `this OS refuses the ${policy} policy`)
    || (policy === 'dual' && aliasWritesInvisible);
  test(`${policy}: a probe (b to a stub) and a breakpoint (brk) on a running function count, keep its result, and come off exactly`, { skip: refused }, () => {
    const heap = new CodeHeap({ policy });
    try {
      // int64 sum(int64 n) = n * 7, one loop iteration per unit; the probe sits on the loop's add, the
      // breakpoint on its conditional branch (relocated as the inverted condition around a b).
      const fn = compile(a64('mov x1, #0\nloop: add x1, x1, #7\nsubs x0, x0, #1\nb.ne loop\nmov x0, x1\nret'), 'int64 (int64)', { heap });
      const original = fn.block.read();
      const p = probe(fn, 4);
      const bp = breakpoint(fn, 12);
      assert.equal(fn(5n), 35n);
      assert.equal(p.hits, 5n);
      assert.equal(bp.hits, 5n);
      p.remove();
      bp.remove();
      assert.deepEqual(fn.block.read(), original);
      assert.equal(fn(2n), 14n);
      assert.deepEqual([p.hits, bp.hits], [5n, 5n]);
      p.releaseStub();
      bp.release();
    } finally {
      heap.dispose();
    }
  });
}
