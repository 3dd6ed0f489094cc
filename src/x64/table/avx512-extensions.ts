/**
 * AVX-512 extensions beyond F/BW/DQ/VL arithmetic (Intel SDM Vol. 2 and the ISA extensions reference):
 * VBMI/VBMI2 byte and word permutes, shifts and compress/expand, VNNI dot products, IFMA 52-bit
 * multiply-add, BITALG/VPOPCNTDQ, the DQ classification/range/reduce family, F's getmant, and the
 * mask <-> vector moves. Format: see table-expand.ts. All are EVEX; compress/expand move elements one
 * at a time, so their disp8*N is the element size (Tuple1 Scalar).
 */
export const AVX512_EXTENSIONS_TABLE = `
# VBMI: byte permutes and the multishift
vpermb         | V{kz}, V, V/mV | RVM | EVEX.L.66.0F38.W0 8D /r
vpermi2b       | V{kz}, V, V/mV | RVM | EVEX.L.66.0F38.W0 75 /r
vpermi2w       | V{kz}, V, V/mV | RVM | EVEX.L.66.0F38.W1 75 /r
vpermt2b       | V{kz}, V, V/mV | RVM | EVEX.L.66.0F38.W0 7D /r
vpermt2w       | V{kz}, V, V/mV | RVM | EVEX.L.66.0F38.W1 7D /r
vpmultishiftqb | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 83 /r
# BW: double-block packed sum of absolute differences
vdbpsadbw      | V{kz}, V, V/mV, imm8 | RVMI | EVEX.L.66.0F3A.W0 42 /r ib

# DQ: classify into a mask, range, reduce; F: get mantissa
vfpclassps | k{k}, V/mV/b32, imm8 | RMI | EVEX.L.66.0F3A.W0 66 /r ib
vfpclasspd | k{k}, V/mV/b64, imm8 | RMI | EVEX.L.66.0F3A.W1 66 /r ib
vfpclassss | k{k}, xmm/m32, imm8 | RMI | EVEX.LIG.66.0F3A.W0 67 /r ib
vfpclasssd | k{k}, xmm/m64, imm8 | RMI | EVEX.LIG.66.0F3A.W1 67 /r ib
vrangeps | V{kz}, V, V/mV/b32, imm8 | RVMI | EVEX.L.66.0F3A.W0 50 /r ib
vrangepd | V{kz}, V, V/mV/b64, imm8 | RVMI | EVEX.L.66.0F3A.W1 50 /r ib
@each vreduce:56 vgetmant:26
$0ps | V{kz}, V/mV/b32, imm8 | RMI | EVEX.L.66.0F3A.W0 $1 /r ib
$0pd | V{kz}, V/mV/b64, imm8 | RMI | EVEX.L.66.0F3A.W1 $1 /r ib
@end
@each vrange:51 vreduce:57 vgetmant:27
$0ss | xmm{kz}, xmm, xmm/m32, imm8 | RVMI | EVEX.LIG.66.0F3A.W0 $1 /r ib
$0sd | xmm{kz}, xmm, xmm/m64, imm8 | RVMI | EVEX.LIG.66.0F3A.W1 $1 /r ib
@end

# vector <-> mask: the most significant bit of each element, and all-ones/all-zeros elements
vpmovb2m | k, V | RM | EVEX.L.F3.0F38.W0 29 /r
vpmovw2m | k, V | RM | EVEX.L.F3.0F38.W1 29 /r
vpmovd2m | k, V | RM | EVEX.L.F3.0F38.W0 39 /r
vpmovq2m | k, V | RM | EVEX.L.F3.0F38.W1 39 /r
vpmovm2b | V, k | RM | EVEX.L.F3.0F38.W0 28 /r
vpmovm2w | V, k | RM | EVEX.L.F3.0F38.W1 28 /r
vpmovm2d | V, k | RM | EVEX.L.F3.0F38.W0 38 /r
vpmovm2q | V, k | RM | EVEX.L.F3.0F38.W1 38 /r

# VNNI: dot products of byte/word pairs accumulated into dwords (s: saturating)
vpdpbusd  | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 50 /r
vpdpbusds | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 51 /r
vpdpwssd  | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 52 /r
vpdpwssds | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 53 /r

# IFMA: 52-bit integer multiply, add the low or high 52 bits of the product
vpmadd52luq | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 B4 /r
vpmadd52huq | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 B5 /r

# VBMI2: concatenate-and-shift (immediate and variable counts), byte/word compress and expand
vpshldw  | V{kz}, V, V/mV, imm8     | RVMI | EVEX.L.66.0F3A.W1 70 /r ib
vpshldd  | V{kz}, V, V/mV/b32, imm8 | RVMI | EVEX.L.66.0F3A.W0 71 /r ib
vpshldq  | V{kz}, V, V/mV/b64, imm8 | RVMI | EVEX.L.66.0F3A.W1 71 /r ib
vpshrdw  | V{kz}, V, V/mV, imm8     | RVMI | EVEX.L.66.0F3A.W1 72 /r ib
vpshrdd  | V{kz}, V, V/mV/b32, imm8 | RVMI | EVEX.L.66.0F3A.W0 73 /r ib
vpshrdq  | V{kz}, V, V/mV/b64, imm8 | RVMI | EVEX.L.66.0F3A.W1 73 /r ib
vpshldvw | V{kz}, V, V/mV     | RVM | EVEX.L.66.0F38.W1 70 /r
vpshldvd | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 71 /r
vpshldvq | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 71 /r
vpshrdvw | V{kz}, V, V/mV     | RVM | EVEX.L.66.0F38.W1 72 /r
vpshrdvd | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 73 /r
vpshrdvq | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 73 /r
vpcompressb | V/mV{kz}, V | MR | EVEX.L.66.0F38.W0 63 /r N=1
vpcompressw | V/mV{kz}, V | MR | EVEX.L.66.0F38.W1 63 /r N=2
vpexpandb   | V{kz}, V/mV | RM | EVEX.L.66.0F38.W0 62 /r N=1
vpexpandw   | V{kz}, V/mV | RM | EVEX.L.66.0F38.W1 62 /r N=2

# BITALG and VPOPCNTDQ: per-element population counts, bit gather into a mask
vpopcntb     | V{kz}, V/mV     | RM | EVEX.L.66.0F38.W0 54 /r
vpopcntw     | V{kz}, V/mV     | RM | EVEX.L.66.0F38.W1 54 /r
vpopcntd     | V{kz}, V/mV/b32 | RM | EVEX.L.66.0F38.W0 55 /r
vpopcntq     | V{kz}, V/mV/b64 | RM | EVEX.L.66.0F38.W1 55 /r
vpshufbitqmb | k{k}, V, V/mV   | RVM | EVEX.L.66.0F38.W0 8F /r
`;
