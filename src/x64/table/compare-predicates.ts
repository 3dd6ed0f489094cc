/**
 * Compare pseudo-ops: the predicate named in the mnemonic is the compare's imm8 (Intel SDM Vol. 2,
 * CMPPS/CMPPD/CMPSS/CMPSD and VCMPPS/VCMPPD/VCMPSS/VCMPSD, "Pseudo-Op" tables; VPCMP/VPCMPU
 * "Pseudo-Op" table), so `cmpltps xmm1, xmm2` is `cmpps xmm1, xmm2, 1` and `vpcmpnleud k1, zmm2, zmm3`
 * is `vpcmpud k1, zmm2, zmm3, 6`. `ib=NN` is that fixed imm8 (see table-expand.ts).
 *
 * Legacy SSE knows predicates 0-7, VEX and EVEX all 32 (the upper 24 flip ordered/unordered and
 * signalling/quiet behaviour). Besides the SDM names, llvm-mc accepts spellings that state a predicate's
 * default behaviour (eq_oq = eq, lt_os = lt, …, true_uq = true); the lists here are exactly what
 * llvm-mc takes. VPCMP has no eq/gt aliases for signed elements: vpcmpeqd and vpcmpgtd are separate
 * instructions (opcodes 76 and 66), and "false"/"true" (3, 7) have no pseudo-op.
 */
export const COMPARE_PREDICATES_TABLE = `
@each eq:00 lt:01 le:02 unord:03 neq:04 nlt:05 nle:06 ord:07 eq_oq:00 lt_os:01 le_os:02 unord_q:03 neq_uq:04 nlt_us:05 nle_us:06 ord_q:07
cmp$0ps | xmm, xmm/m128 | RM | NP 0F C2 /r ib=$1
cmp$0pd | xmm, xmm/m128 | RM | 66 0F C2 /r ib=$1
cmp$0ss | xmm, xmm/m32  | RM | F3 0F C2 /r ib=$1
cmp$0sd | xmm, xmm/m64  | RM | F2 0F C2 /r ib=$1
@end

@each eq:00 lt:01 le:02 unord:03 neq:04 nlt:05 nle:06 ord:07 eq_uq:08 nge:09 ngt:0A false:0B neq_oq:0C ge:0D gt:0E true:0F eq_os:10 lt_oq:11 le_oq:12 unord_s:13 neq_us:14 nlt_uq:15 nle_uq:16 ord_s:17 eq_us:18 nge_uq:19 ngt_uq:1A false_os:1B neq_os:1C ge_oq:1D gt_oq:1E true_us:1F eq_oq:00 lt_os:01 le_os:02 unord_q:03 neq_uq:04 nlt_us:05 nle_us:06 ord_q:07 nge_us:09 ngt_us:0A false_oq:0B ge_os:0D gt_os:0E true_uq:0F
vcmp$0ps | V, V, V/mV | RVM | VEX.L.0F.WIG C2 /r ib=$1
vcmp$0pd | V, V, V/mV | RVM | VEX.L.66.0F.WIG C2 /r ib=$1
vcmp$0ss | xmm, xmm, xmm/m32 | RVM | VEX.LIG.F3.0F.WIG C2 /r ib=$1
vcmp$0sd | xmm, xmm, xmm/m64 | RVM | VEX.LIG.F2.0F.WIG C2 /r ib=$1
vcmp$0ps | k{k}, V, V/mV/b32 | RVM | EVEX.L.0F.W0 C2 /r ib=$1
vcmp$0pd | k{k}, V, V/mV/b64 | RVM | EVEX.L.66.0F.W1 C2 /r ib=$1
vcmp$0ss | k{k}, xmm, xmm/m32 | RVM | EVEX.LIG.F3.0F.W0 C2 /r ib=$1
vcmp$0sd | k{k}, xmm, xmm/m64 | RVM | EVEX.LIG.F2.0F.W1 C2 /r ib=$1
vcmp$0ps | k{k}, zmm, zmm, sae | RVME | EVEX.512.0F.W0 C2 /r ib=$1
vcmp$0pd | k{k}, zmm, zmm, sae | RVME | EVEX.512.66.0F.W1 C2 /r ib=$1
vcmp$0ss | k{k}, xmm, xmm, sae | RVME | EVEX.LIG.F3.0F.W0 C2 /r ib=$1
vcmp$0sd | k{k}, xmm, xmm, sae | RVME | EVEX.LIG.F2.0F.W1 C2 /r ib=$1
@end

@each lt:01 le:02 neq:04 nlt:05 nle:06
vpcmp$0b | k{k}, V, V/mV     | RVM | EVEX.L.66.0F3A.W0 3F /r ib=$1
vpcmp$0w | k{k}, V, V/mV     | RVM | EVEX.L.66.0F3A.W1 3F /r ib=$1
vpcmp$0d | k{k}, V, V/mV/b32 | RVM | EVEX.L.66.0F3A.W0 1F /r ib=$1
vpcmp$0q | k{k}, V, V/mV/b64 | RVM | EVEX.L.66.0F3A.W1 1F /r ib=$1
@end
@each eq:00 lt:01 le:02 neq:04 nlt:05 nle:06
vpcmp$0ub | k{k}, V, V/mV     | RVM | EVEX.L.66.0F3A.W0 3E /r ib=$1
vpcmp$0uw | k{k}, V, V/mV     | RVM | EVEX.L.66.0F3A.W1 3E /r ib=$1
vpcmp$0ud | k{k}, V, V/mV/b32 | RVM | EVEX.L.66.0F3A.W0 1E /r ib=$1
vpcmp$0uq | k{k}, V, V/mV/b64 | RVM | EVEX.L.66.0F3A.W1 1E /r ib=$1
@end
`;
