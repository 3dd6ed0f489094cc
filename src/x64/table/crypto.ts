/**
 * Cryptographic extensions outside the list, added because they are plain data in the existing
 * schemes (Intel SDM Vol. 2): AES-NI and its VEX form, VAES (the same opcodes at 256/512 bits, EVEX
 * without masking), PCLMULQDQ/VPCLMULQDQ with llvm-mc's pseudo-ops that name the imm8's qword selection
 * (bit 0: low/high qword of the first source, bit 4: of the second), and SHA. SHA256RNDS2 reads xmm0 as
 * an implicit third source, written out as for the SSE4.1 variable blends. GFNI is left out: llvm-mc 14's
 * Intel parser rejects its `qword ptr [...]{1toN}` broadcast forms, so they cannot be checked as written.
 */
export const CRYPTO_TABLE = `
@each aesenc:DC aesenclast:DD aesdec:DE aesdeclast:DF
$0  | xmm, xmm/m128 | RM | 66 0F 38 $1 /r
v$0 | V, V, V/mV | RVM | VEX.L.66.0F38.WIG $1 /r
v$0 | V, V, V/mV | RVM | EVEX.L.66.0F38.WIG $1 /r
@end
aesimc           | xmm, xmm/m128       | RM  | 66 0F 38 DB /r
aeskeygenassist  | xmm, xmm/m128, imm8 | RMI | 66 0F 3A DF /r ib
vaesimc          | xmm, xmm/m128       | RM  | VEX.128.66.0F38.WIG DB /r
vaeskeygenassist | xmm, xmm/m128, imm8 | RMI | VEX.128.66.0F3A.WIG DF /r ib

pclmulqdq  | xmm, xmm/m128, imm8 | RMI | 66 0F 3A 44 /r ib
vpclmulqdq | V, V, V/mV, imm8 | RVMI | VEX.L.66.0F3A.WIG 44 /r ib
vpclmulqdq | V, V, V/mV, imm8 | RVMI | EVEX.L.66.0F3A.WIG 44 /r ib
@each lqlq:00 hqlq:01 lqhq:10 hqhq:11
pclmul$0dq  | xmm, xmm/m128 | RM | 66 0F 3A 44 /r ib=$1
vpclmul$0dq | V, V, V/mV | RVM | VEX.L.66.0F3A.WIG 44 /r ib=$1
vpclmul$0dq | V, V, V/mV | RVM | EVEX.L.66.0F3A.WIG 44 /r ib=$1
@end

sha1rnds4   | xmm, xmm/m128, imm8 | RMI | NP 0F 3A CC /r ib
sha1nexte   | xmm, xmm/m128       | RM  | NP 0F 38 C8 /r
sha1msg1    | xmm, xmm/m128       | RM  | NP 0F 38 C9 /r
sha1msg2    | xmm, xmm/m128       | RM  | NP 0F 38 CA /r
sha256rnds2 | xmm, xmm/m128, xmm0 | RMZ | NP 0F 38 CB /r
sha256msg1  | xmm, xmm/m128       | RM  | NP 0F 38 CC /r
sha256msg2  | xmm, xmm/m128       | RM  | NP 0F 38 CD /r
`;
