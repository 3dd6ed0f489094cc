import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RangeAllocator } from '../../src/memory/range-allocator.ts';

test('allocations never overlap, respect alignment, and coalesce back to one free range', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ size: fc.integer({ min: 1, max: 600 }), alignPower: fc.integer({ min: 4, max: 7 }), freeIndex: fc.option(fc.nat()) }), { maxLength: 80 }),
      (operations) => {
        const allocator = new RangeAllocator(4096, 16);
        const live: Array<{ offset: number; size: number }> = [];
        for (const operation of operations) {
          if (operation.freeIndex !== null && live.length > 0) {
            const [victim] = live.splice(operation.freeIndex % live.length, 1);
            allocator.free(victim!.offset, victim!.size);
            continue;
          }
          const alignment = 1 << operation.alignPower;
          const offset = allocator.allocate(operation.size, alignment);
          if (offset < 0) continue;
          assert.equal(offset % alignment, 0);
          assert.ok(offset + operation.size <= 4096);
          for (const other of live) {
            const end = offset + allocator.roundSize(operation.size);
            const otherEnd = other.offset + allocator.roundSize(other.size);
            assert.ok(end <= other.offset || otherEnd <= offset, 'ranges overlap');
          }
          live.push({ offset, size: operation.size });
        }
        for (const block of live) allocator.free(block.offset, block.size);
        assert.ok(allocator.isEmpty);
        assert.equal(allocator.allocate(4096, 16), 0, 'all space coalesced into one range');
      },
    ),
  );
});

test('granules pack small blocks densely', () => {
  const allocator = new RangeAllocator(1024, 16);
  const offsets = Array.from({ length: 64 }, () => allocator.allocate(16, 16));
  assert.deepEqual(offsets, Array.from({ length: 64 }, (_, index) => index * 16));
  assert.equal(allocator.allocate(1, 16), -1);
});
