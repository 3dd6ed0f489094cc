/**
 * AVX-512 static rounding `{rn-sae}`…`{rz-sae}` (er) and suppress-all-exceptions `{sae}`: the same
 * opcodes as the plain EVEX forms, register operands only, at 512 bits or scalar (EVEX.b reinterprets
 * L'L as the rounding control, so there is no vector length left to choose). Format: table-expand.ts;
 * role E is the rounding operand, encoded in EVEX.b and L'L rather than in ModRM.
 */
export const AVX512_ROUNDING_TABLE = `
@each add:58:er mul:59:er sub:5C:er div:5E:er min:5D:sae max:5F:sae
v$0ps | zmm{kz}, zmm, zmm, $2 | RVME | EVEX.512.0F.W0 $1 /r
v$0pd | zmm{kz}, zmm, zmm, $2 | RVME | EVEX.512.66.0F.W1 $1 /r
v$0ss | xmm{kz}, xmm, xmm, $2 | RVME | EVEX.LIG.F3.0F.W0 $1 /r
v$0sd | xmm{kz}, xmm, xmm, $2 | RVME | EVEX.LIG.F2.0F.W1 $1 /r
@end
vsqrtps | zmm{kz}, zmm, er      | RME  | EVEX.512.0F.W0 51 /r
vsqrtpd | zmm{kz}, zmm, er      | RME  | EVEX.512.66.0F.W1 51 /r
vsqrtss | xmm{kz}, xmm, xmm, er | RVME | EVEX.LIG.F3.0F.W0 51 /r
vsqrtsd | xmm{kz}, xmm, xmm, er | RVME | EVEX.LIG.F2.0F.W1 51 /r
vscalefps | zmm{kz}, zmm, zmm, er | RVME | EVEX.512.66.0F38.W0 2C /r
vscalefpd | zmm{kz}, zmm, zmm, er | RVME | EVEX.512.66.0F38.W1 2C /r
vscalefss | xmm{kz}, xmm, xmm, er | RVME | EVEX.LIG.66.0F38.W0 2D /r
vscalefsd | xmm{kz}, xmm, xmm, er | RVME | EVEX.LIG.66.0F38.W1 2D /r
vgetexpps | zmm{kz}, zmm, sae | RME | EVEX.512.66.0F38.W0 42 /r
vgetexppd | zmm{kz}, zmm, sae | RME | EVEX.512.66.0F38.W1 42 /r
vgetexpss | xmm{kz}, xmm, xmm, sae | RVME | EVEX.LIG.66.0F38.W0 43 /r
vgetexpsd | xmm{kz}, xmm, xmm, sae | RVME | EVEX.LIG.66.0F38.W1 43 /r
vrndscaleps | zmm{kz}, zmm, sae, imm8 | RMEI | EVEX.512.66.0F3A.W0 08 /r ib
vrndscalepd | zmm{kz}, zmm, sae, imm8 | RMEI | EVEX.512.66.0F3A.W1 09 /r ib
vgetmantps  | zmm{kz}, zmm, sae, imm8 | RMEI | EVEX.512.66.0F3A.W0 26 /r ib
vgetmantpd  | zmm{kz}, zmm, sae, imm8 | RMEI | EVEX.512.66.0F3A.W1 26 /r ib
vreduceps   | zmm{kz}, zmm, sae, imm8 | RMEI | EVEX.512.66.0F3A.W0 56 /r ib
vreducepd   | zmm{kz}, zmm, sae, imm8 | RMEI | EVEX.512.66.0F3A.W1 56 /r ib
# {sae} and an imm8 with two register sources: five operands, {sae} before the imm8 as LLVM writes it
# (vrangeps zmm1, zmm2, zmm3, {sae}, 5); the imm8 selects the operation, as in the memory forms
vcmpps | k{k}, zmm, zmm, sae, imm8 | RVMEI | EVEX.512.0F.W0 C2 /r ib
vcmppd | k{k}, zmm, zmm, sae, imm8 | RVMEI | EVEX.512.66.0F.W1 C2 /r ib
vcmpss | k{k}, xmm, xmm, sae, imm8 | RVMEI | EVEX.LIG.F3.0F.W0 C2 /r ib
vcmpsd | k{k}, xmm, xmm, sae, imm8 | RVMEI | EVEX.LIG.F2.0F.W1 C2 /r ib
@each vrange:50:51 vfixupimm:54:55
$0ps | zmm{kz}, zmm, zmm, sae, imm8 | RVMEI | EVEX.512.66.0F3A.W0 $1 /r ib
$0pd | zmm{kz}, zmm, zmm, sae, imm8 | RVMEI | EVEX.512.66.0F3A.W1 $1 /r ib
$0ss | xmm{kz}, xmm, xmm, sae, imm8 | RVMEI | EVEX.LIG.66.0F3A.W0 $2 /r ib
$0sd | xmm{kz}, xmm, xmm, sae, imm8 | RVMEI | EVEX.LIG.66.0F3A.W1 $2 /r ib
@end
@each vgetmant:27:27 vreduce:57:57 vrndscale:0A:0B
$0ss | xmm{kz}, xmm, xmm, sae, imm8 | RVMEI | EVEX.LIG.66.0F3A.W0 $1 /r ib
$0sd | xmm{kz}, xmm, xmm, sae, imm8 | RVMEI | EVEX.LIG.66.0F3A.W1 $2 /r ib
@end
vcvtss2sd | xmm{kz}, xmm, xmm, sae | RVME | EVEX.LIG.F3.0F.W0 5A /r
vcvtsd2ss | xmm{kz}, xmm, xmm, er  | RVME | EVEX.LIG.F2.0F.W1 5A /r
@each ucomiss:NP:2E:0F:W0 ucomisd:66:2E:66.0F:W1 comiss:NP:2F:0F:W0 comisd:66:2F:66.0F:W1
v$0 | xmm, xmm, sae | RME | EVEX.LIG.$3.$4 $2 /r
@end

# scalar conversions to and from integers; the integer source of vcvt(u)si2ss/sd comes after the
# rounding operand (as LLVM writes it), and a dword converts to a double exactly, so that form has none
@each cvtss2si:F3:2D:er cvtsd2si:F2:2D:er cvttss2si:F3:2C:sae cvttsd2si:F2:2C:sae cvtss2usi:F3:79:er cvtsd2usi:F2:79:er cvttss2usi:F3:78:sae cvttsd2usi:F2:78:sae
v$0 | ry, xmm, $3 | RME | EVEX.LIG.$1.0F.Wy $2 /r
@end
vcvtsi2ss  | xmm, xmm, er, ry  | RVEM | EVEX.LIG.F3.0F.Wy 2A /r
vcvtusi2ss | xmm, xmm, er, ry  | RVEM | EVEX.LIG.F3.0F.Wy 7B /r
vcvtsi2sd  | xmm, xmm, er, r64 | RVEM | EVEX.LIG.F2.0F.W1 2A /r
vcvtusi2sd | xmm, xmm, er, r64 | RVEM | EVEX.LIG.F2.0F.W1 7B /r

# packed conversions: the 512-bit register forms
vcvtps2pd   | zmm{kz}, ymm, sae | RME | EVEX.512.0F.W0 5A /r
vcvtdq2ps   | zmm{kz}, zmm, er  | RME | EVEX.512.0F.W0 5B /r
vcvtudq2ps  | zmm{kz}, zmm, er  | RME | EVEX.512.F2.0F.W0 7A /r
vcvtps2dq   | zmm{kz}, zmm, er  | RME | EVEX.512.66.0F.W0 5B /r
vcvttps2dq  | zmm{kz}, zmm, sae | RME | EVEX.512.F3.0F.W0 5B /r
vcvtps2udq  | zmm{kz}, zmm, er  | RME | EVEX.512.0F.W0 79 /r
vcvttps2udq | zmm{kz}, zmm, sae | RME | EVEX.512.0F.W0 78 /r
vcvtqq2pd   | zmm{kz}, zmm, er  | RME | EVEX.512.F3.0F.W1 E6 /r
vcvtuqq2pd  | zmm{kz}, zmm, er  | RME | EVEX.512.F3.0F.W1 7A /r
vcvtpd2qq   | zmm{kz}, zmm, er  | RME | EVEX.512.66.0F.W1 7B /r
vcvttpd2qq  | zmm{kz}, zmm, sae | RME | EVEX.512.66.0F.W1 7A /r
vcvtpd2uqq  | zmm{kz}, zmm, er  | RME | EVEX.512.66.0F.W1 79 /r
vcvttpd2uqq | zmm{kz}, zmm, sae | RME | EVEX.512.66.0F.W1 78 /r
vcvtpd2ps   | ymm{kz}, zmm, er  | RME | EVEX.512.66.0F.W1 5A /r
vcvtpd2dq   | ymm{kz}, zmm, er  | RME | EVEX.512.F2.0F.W1 E6 /r
vcvttpd2dq  | ymm{kz}, zmm, sae | RME | EVEX.512.66.0F.W1 E6 /r
vcvtpd2udq  | ymm{kz}, zmm, er  | RME | EVEX.512.0F.W1 79 /r
vcvttpd2udq | ymm{kz}, zmm, sae | RME | EVEX.512.0F.W1 78 /r
vcvtqq2ps   | ymm{kz}, zmm, er  | RME | EVEX.512.0F.W1 5B /r
vcvtuqq2ps  | ymm{kz}, zmm, er  | RME | EVEX.512.F2.0F.W1 7A /r
vcvtps2qq   | zmm{kz}, ymm, er  | RME | EVEX.512.66.0F.W0 7B /r
vcvttps2qq  | zmm{kz}, ymm, sae | RME | EVEX.512.66.0F.W0 7A /r
vcvtps2uqq  | zmm{kz}, ymm, er  | RME | EVEX.512.66.0F.W0 79 /r
vcvttps2uqq | zmm{kz}, ymm, sae | RME | EVEX.512.66.0F.W0 78 /r
vcvtph2ps   | zmm{kz}, ymm, sae | RME | EVEX.512.66.0F38.W0 13 /r
# the half-precision destination is ModRM.rm; {sae} sits between the source and the rounding-control imm8
vcvtps2ph   | ymm{kz}, zmm, sae, imm8 | MREI | EVEX.512.66.0F3A.W0 1D /r ib

# FMA: every ordering, packed at 512 bits and scalar
@each fmadd:98:99:A8:A9:B8:B9 fmsub:9A:9B:AA:AB:BA:BB fnmadd:9C:9D:AC:AD:BC:BD fnmsub:9E:9F:AE:AF:BE:BF
v$0132ps | zmm{kz}, zmm, zmm, er | RVME | EVEX.512.66.0F38.W0 $1 /r
v$0132pd | zmm{kz}, zmm, zmm, er | RVME | EVEX.512.66.0F38.W1 $1 /r
v$0132ss | xmm{kz}, xmm, xmm, er | RVME | EVEX.LIG.66.0F38.W0 $2 /r
v$0132sd | xmm{kz}, xmm, xmm, er | RVME | EVEX.LIG.66.0F38.W1 $2 /r
v$0213ps | zmm{kz}, zmm, zmm, er | RVME | EVEX.512.66.0F38.W0 $3 /r
v$0213pd | zmm{kz}, zmm, zmm, er | RVME | EVEX.512.66.0F38.W1 $3 /r
v$0213ss | xmm{kz}, xmm, xmm, er | RVME | EVEX.LIG.66.0F38.W0 $4 /r
v$0213sd | xmm{kz}, xmm, xmm, er | RVME | EVEX.LIG.66.0F38.W1 $4 /r
v$0231ps | zmm{kz}, zmm, zmm, er | RVME | EVEX.512.66.0F38.W0 $5 /r
v$0231pd | zmm{kz}, zmm, zmm, er | RVME | EVEX.512.66.0F38.W1 $5 /r
v$0231ss | xmm{kz}, xmm, xmm, er | RVME | EVEX.LIG.66.0F38.W0 $6 /r
v$0231sd | xmm{kz}, xmm, xmm, er | RVME | EVEX.LIG.66.0F38.W1 $6 /r
@end
@each fmaddsub:96:A6:B6 fmsubadd:97:A7:B7
v$0132ps | zmm{kz}, zmm, zmm, er | RVME | EVEX.512.66.0F38.W0 $1 /r
v$0132pd | zmm{kz}, zmm, zmm, er | RVME | EVEX.512.66.0F38.W1 $1 /r
v$0213ps | zmm{kz}, zmm, zmm, er | RVME | EVEX.512.66.0F38.W0 $2 /r
v$0213pd | zmm{kz}, zmm, zmm, er | RVME | EVEX.512.66.0F38.W1 $2 /r
v$0231ps | zmm{kz}, zmm, zmm, er | RVME | EVEX.512.66.0F38.W0 $3 /r
v$0231pd | zmm{kz}, zmm, zmm, er | RVME | EVEX.512.66.0F38.W1 $3 /r
@end
`;
