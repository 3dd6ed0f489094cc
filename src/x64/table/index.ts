import { AVX512_EXTENSIONS_TABLE } from './avx512-extensions.ts';
import { AVX512_MASK_TABLE } from './avx512-mask.ts';
import { AVX512_ROUNDING_TABLE } from './avx512-rounding.ts';
import { COMPARE_PREDICATES_TABLE } from './compare-predicates.ts';
import { CRYPTO_TABLE } from './crypto.ts';
import { GATHER_SCATTER_TABLE } from './gather-scatter.ts';
import { GP_TABLE } from './gp.ts';
import { SSE_AVX_FP_TABLE } from './sse-avx-fp.ts';
import { SSE_AVX_INT_TABLE } from './sse-avx-int.ts';

/** The table texts, in priority order (see table-expand.ts for the format). */
export const TABLE_TEXTS: readonly string[] = [GP_TABLE, SSE_AVX_FP_TABLE, SSE_AVX_INT_TABLE, AVX512_MASK_TABLE, AVX512_EXTENSIONS_TABLE, GATHER_SCATTER_TABLE, AVX512_ROUNDING_TABLE, COMPARE_PREDICATES_TABLE, CRYPTO_TABLE];
