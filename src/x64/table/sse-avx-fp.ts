/**
 * Floating-point SIMD: SSE/SSE2/SSE3/SSE4.1 legacy forms, their AVX (VEX) forms and AVX-512 F/DQ/VL
 * (EVEX) forms. VEX forms precede EVEX ones so that, as in reference assemblers, an instruction that
 * needs no EVEX feature (no mask, no xmm16-31, no zmm) gets the shorter VEX encoding.
 */
export const SSE_AVX_FP_TABLE = `
@each add:58 mul:59 sub:5C min:5D div:5E max:5F
$0ps  | xmm, xmm/m128 | RM | NP 0F $1 /r
$0pd  | xmm, xmm/m128 | RM | 66 0F $1 /r
$0ss  | xmm, xmm/m32  | RM | F3 0F $1 /r
$0sd  | xmm, xmm/m64  | RM | F2 0F $1 /r
v$0ps | V, V, V/mV    | RVM | VEX.L.0F.WIG $1 /r
v$0pd | V, V, V/mV    | RVM | VEX.L.66.0F.WIG $1 /r
v$0ss | xmm, xmm, xmm/m32 | RVM | VEX.LIG.F3.0F.WIG $1 /r
v$0sd | xmm, xmm, xmm/m64 | RVM | VEX.LIG.F2.0F.WIG $1 /r
v$0ps | V{kz}, V, V/mV/b32 | RVM | EVEX.L.0F.W0 $1 /r
v$0pd | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F.W1 $1 /r
v$0ss | xmm{kz}, xmm, xmm/m32 | RVM | EVEX.LIG.F3.0F.W0 $1 /r
v$0sd | xmm{kz}, xmm, xmm/m64 | RVM | EVEX.LIG.F2.0F.W1 $1 /r
@end

sqrtps  | xmm, xmm/m128 | RM | NP 0F 51 /r
sqrtpd  | xmm, xmm/m128 | RM | 66 0F 51 /r
sqrtss  | xmm, xmm/m32  | RM | F3 0F 51 /r
sqrtsd  | xmm, xmm/m64  | RM | F2 0F 51 /r
vsqrtps | V, V/mV | RM | VEX.L.0F.WIG 51 /r
vsqrtpd | V, V/mV | RM | VEX.L.66.0F.WIG 51 /r
vsqrtss | xmm, xmm, xmm/m32 | RVM | VEX.LIG.F3.0F.WIG 51 /r
vsqrtsd | xmm, xmm, xmm/m64 | RVM | VEX.LIG.F2.0F.WIG 51 /r
vsqrtps | V{kz}, V/mV/b32 | RM | EVEX.L.0F.W0 51 /r
vsqrtpd | V{kz}, V/mV/b64 | RM | EVEX.L.66.0F.W1 51 /r
vsqrtss | xmm{kz}, xmm, xmm/m32 | RVM | EVEX.LIG.F3.0F.W0 51 /r
vsqrtsd | xmm{kz}, xmm, xmm/m64 | RVM | EVEX.LIG.F2.0F.W1 51 /r

rcpps    | xmm, xmm/m128 | RM | NP 0F 53 /r
rcpss    | xmm, xmm/m32  | RM | F3 0F 53 /r
rsqrtps  | xmm, xmm/m128 | RM | NP 0F 52 /r
rsqrtss  | xmm, xmm/m32  | RM | F3 0F 52 /r
vrcpps   | V, V/mV | RM | VEX.L.0F.WIG 53 /r
vrcpss   | xmm, xmm, xmm/m32 | RVM | VEX.LIG.F3.0F.WIG 53 /r
vrsqrtps | V, V/mV | RM | VEX.L.0F.WIG 52 /r
vrsqrtss | xmm, xmm, xmm/m32 | RVM | VEX.LIG.F3.0F.WIG 52 /r
vrcp14ps   | V{kz}, V/mV/b32 | RM | EVEX.L.66.0F38.W0 4C /r
vrcp14pd   | V{kz}, V/mV/b64 | RM | EVEX.L.66.0F38.W1 4C /r
vrsqrt14ps | V{kz}, V/mV/b32 | RM | EVEX.L.66.0F38.W0 4E /r
vrsqrt14pd | V{kz}, V/mV/b64 | RM | EVEX.L.66.0F38.W1 4E /r
vrcp14ss   | xmm{kz}, xmm, xmm/m32 | RVM | EVEX.LIG.66.0F38.W0 4D /r
vrcp14sd   | xmm{kz}, xmm, xmm/m64 | RVM | EVEX.LIG.66.0F38.W1 4D /r
vrsqrt14ss | xmm{kz}, xmm, xmm/m32 | RVM | EVEX.LIG.66.0F38.W0 4F /r
vrsqrt14sd | xmm{kz}, xmm, xmm/m64 | RVM | EVEX.LIG.66.0F38.W1 4F /r

# bitwise logic on FP vectors; the EVEX forms are AVX512DQ
@each and:54 andn:55 or:56 xor:57
$0ps  | xmm, xmm/m128 | RM | NP 0F $1 /r
$0pd  | xmm, xmm/m128 | RM | 66 0F $1 /r
v$0ps | V, V, V/mV | RVM | VEX.L.0F.WIG $1 /r
v$0pd | V, V, V/mV | RVM | VEX.L.66.0F.WIG $1 /r
v$0ps | V{kz}, V, V/mV/b32 | RVM | EVEX.L.0F.W0 $1 /r
v$0pd | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F.W1 $1 /r
@end

@each haddps:F2:7C haddpd:66:7C hsubps:F2:7D hsubpd:66:7D addsubps:F2:D0 addsubpd:66:D0
$0  | xmm, xmm/m128 | RM | $1 0F $2 /r
v$0 | V, V, V/mV | RVM | VEX.L.$1.0F.WIG $2 /r
@end

# moves: loads list the load opcode first (reg-to-reg copies use it, as LLVM does); VEX register copies
# whose source alone is xmm8-15 switch to the store opcode (rev=) to fit the 2-byte VEX prefix
@each movaps:NP:28:29:0F:W0 movapd:66:28:29:66.0F:W1 movups:NP:10:11:0F:W0 movupd:66:10:11:66.0F:W1
$0  | xmm, xmm/m128 | RM | $1 0F $2 /r
$0  | m128, xmm     | MR | $1 0F $3 /r
v$0 | V, V/mV | RM | VEX.L.$4.WIG $2 /r rev=$3
v$0 | mV, V   | MR | VEX.L.$4.WIG $3 /r
v$0 | V{kz}, V/mV | RM | EVEX.L.$4.$5 $2 /r
v$0 | mV{k}, V    | MR | EVEX.L.$4.$5 $3 /r
@end
@each movss:F3:W0:m32 movsd:F2:W1:m64
$0  | xmm, xmm | RM | $1 0F 10 /r
$0  | xmm, $3  | RM | $1 0F 10 /r
$0  | $3, xmm  | MR | $1 0F 11 /r
v$0 | xmm, xmm, xmm | RVM | VEX.LIG.$1.0F.WIG 10 /r rev=11
v$0 | xmm, $3 | RM | VEX.LIG.$1.0F.WIG 10 /r
v$0 | $3, xmm | MR | VEX.LIG.$1.0F.WIG 11 /r
v$0 | xmm{kz}, xmm, xmm | RVM | EVEX.LIG.$1.0F.$2 10 /r
v$0 | xmm{kz}, $3 | RM | EVEX.LIG.$1.0F.$2 10 /r
v$0 | $3{k}, xmm | MR | EVEX.LIG.$1.0F.$2 11 /r
@end
# the EVEX forms (AVX512F) take no mask: they exist to reach xmm16-31
@each movlps:NP:12:13:0F:W0 movhps:NP:16:17:0F:W0 movlpd:66:12:13:66.0F:W1 movhpd:66:16:17:66.0F:W1
$0  | xmm, m64 | RM | $1 0F $2 /r
$0  | m64, xmm | MR | $1 0F $3 /r
v$0 | xmm, xmm, m64 | RVM | VEX.128.$1.0F.WIG $2 /r
v$0 | m64, xmm | MR | VEX.128.$1.0F.WIG $3 /r
v$0 | xmm, xmm, m64 | RVM | EVEX.128.$4.$5 $2 /r
v$0 | m64, xmm | MR | EVEX.128.$4.$5 $3 /r
@end
movhlps  | xmm, xmm | RM | NP 0F 12 /r
movlhps  | xmm, xmm | RM | NP 0F 16 /r
vmovhlps | xmm, xmm, xmm | RVM | VEX.128.0F.WIG 12 /r
vmovlhps | xmm, xmm, xmm | RVM | VEX.128.0F.WIG 16 /r
vmovhlps | xmm, xmm, xmm | RVM | EVEX.128.0F.W0 12 /r
vmovlhps | xmm, xmm, xmm | RVM | EVEX.128.0F.W0 16 /r
# the mask goes to a 32- or 64-bit register ("reg" in the SDM): the same encoding, the upper bits zeroed
@each r32 r64
movmskps  | $0, xmm | RM | NP 0F 50 /r
movmskpd  | $0, xmm | RM | 66 0F 50 /r
vmovmskps | $0, V   | RM | VEX.L.0F.WIG 50 /r
vmovmskpd | $0, V   | RM | VEX.L.66.0F.WIG 50 /r
@end
movntps   | m128, xmm | MR | NP 0F 2B /r
movntpd   | m128, xmm | MR | 66 0F 2B /r
vmovntps  | mV, V | MR | VEX.L.0F.WIG 2B /r
vmovntpd  | mV, V | MR | VEX.L.66.0F.WIG 2B /r
vmovntps  | mV, V | MR | EVEX.L.0F.W0 2B /r
vmovntpd  | mV, V | MR | EVEX.L.66.0F.W1 2B /r
movddup   | xmm, xmm/m64  | RM | F2 0F 12 /r
movshdup  | xmm, xmm/m128 | RM | F3 0F 16 /r
movsldup  | xmm, xmm/m128 | RM | F3 0F 12 /r
vmovddup  | xmm, xmm/m64 | RM | VEX.128.F2.0F.WIG 12 /r
vmovddup  | ymm, ymm/m256 | RM | VEX.256.F2.0F.WIG 12 /r
vmovshdup | V, V/mV | RM | VEX.L.F3.0F.WIG 16 /r
vmovsldup | V, V/mV | RM | VEX.L.F3.0F.WIG 12 /r
vmovddup  | xmm{kz}, xmm/m64 | RM | EVEX.128.F2.0F.W1 12 /r
vmovddup  | ymm{kz}, ymm/m256 | RM | EVEX.256.F2.0F.W1 12 /r
vmovddup  | zmm{kz}, zmm/m512 | RM | EVEX.512.F2.0F.W1 12 /r
vmovshdup | V{kz}, V/mV | RM | EVEX.L.F3.0F.W0 16 /r
vmovsldup | V{kz}, V/mV | RM | EVEX.L.F3.0F.W0 12 /r

# shuffles and blends
shufps   | xmm, xmm/m128, imm8 | RMI | NP 0F C6 /r ib
shufpd   | xmm, xmm/m128, imm8 | RMI | 66 0F C6 /r ib
vshufps  | V, V, V/mV, imm8 | RVMI | VEX.L.0F.WIG C6 /r ib
vshufpd  | V, V, V/mV, imm8 | RVMI | VEX.L.66.0F.WIG C6 /r ib
vshufps  | V{kz}, V, V/mV/b32, imm8 | RVMI | EVEX.L.0F.W0 C6 /r ib
vshufpd  | V{kz}, V, V/mV/b64, imm8 | RVMI | EVEX.L.66.0F.W1 C6 /r ib
@each unpcklps:NP:14:0F:W0:b32 unpckhps:NP:15:0F:W0:b32 unpcklpd:66:14:66.0F:W1:b64 unpckhpd:66:15:66.0F:W1:b64
$0  | xmm, xmm/m128 | RM | $1 0F $2 /r
v$0 | V, V, V/mV | RVM | VEX.L.$3.WIG $2 /r
v$0 | V{kz}, V, V/mV/$5 | RVM | EVEX.L.$3.$4 $2 /r
@end
blendps   | xmm, xmm/m128, imm8 | RMI | 66 0F 3A 0C /r ib
blendpd   | xmm, xmm/m128, imm8 | RMI | 66 0F 3A 0D /r ib
vblendps  | V, V, V/mV, imm8 | RVMI | VEX.L.66.0F3A.WIG 0C /r ib
vblendpd  | V, V, V/mV, imm8 | RVMI | VEX.L.66.0F3A.WIG 0D /r ib
blendvps  | xmm, xmm/m128, xmm0 | RMZ | 66 0F 38 14 /r
blendvpd  | xmm, xmm/m128, xmm0 | RMZ | 66 0F 38 15 /r
vblendvps | V, V, V/mV, V | RVML | VEX.L.66.0F3A.W0 4A /r is4
vblendvpd | V, V, V/mV, V | RVML | VEX.L.66.0F3A.W0 4B /r is4
vblendmps | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 65 /r
vblendmpd | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 65 /r
dpps      | xmm, xmm/m128, imm8 | RMI | 66 0F 3A 40 /r ib
dppd      | xmm, xmm/m128, imm8 | RMI | 66 0F 3A 41 /r ib
vdpps     | V, V, V/mV, imm8 | RVMI | VEX.L.66.0F3A.WIG 40 /r ib
vdppd     | xmm, xmm, xmm/m128, imm8 | RVMI | VEX.128.66.0F3A.WIG 41 /r ib
insertps  | xmm, xmm/m32, imm8 | RMI | 66 0F 3A 21 /r ib
vinsertps | xmm, xmm, xmm/m32, imm8 | RVMI | VEX.128.66.0F3A.WIG 21 /r ib
vinsertps | xmm, xmm, xmm/m32, imm8 | RVMI | EVEX.128.66.0F3A.W0 21 /r ib
extractps | r/m32, xmm, imm8 | MRI | 66 0F 3A 17 /r ib
vextractps | r/m32, xmm, imm8 | MRI | VEX.128.66.0F3A.WIG 17 /r ib
vextractps | r/m32, xmm, imm8 | MRI | EVEX.128.66.0F3A.WIG 17 /r ib
# a 64-bit register destination gets the dword zero-extended, with the same encoding (SDM "reg/m32")
extractps | r64, xmm, imm8 | MRI | 66 0F 3A 17 /r ib
vextractps | r64, xmm, imm8 | MRI | VEX.128.66.0F3A.WIG 17 /r ib
vextractps | r64, xmm, imm8 | MRI | EVEX.128.66.0F3A.WIG 17 /r ib
@each roundps:08 roundpd:09
$0  | xmm, xmm/m128, imm8 | RMI | 66 0F 3A $1 /r ib
v$0 | V, V/mV, imm8 | RMI | VEX.L.66.0F3A.WIG $1 /r ib
@end
roundss  | xmm, xmm/m32, imm8 | RMI | 66 0F 3A 0A /r ib
roundsd  | xmm, xmm/m64, imm8 | RMI | 66 0F 3A 0B /r ib
vroundss | xmm, xmm, xmm/m32, imm8 | RVMI | VEX.LIG.66.0F3A.WIG 0A /r ib
vroundsd | xmm, xmm, xmm/m64, imm8 | RVMI | VEX.LIG.66.0F3A.WIG 0B /r ib
vrndscaleps | V{kz}, V/mV/b32, imm8 | RMI | EVEX.L.66.0F3A.W0 08 /r ib
vrndscalepd | V{kz}, V/mV/b64, imm8 | RMI | EVEX.L.66.0F3A.W1 09 /r ib
vrndscaless | xmm{kz}, xmm, xmm/m32, imm8 | RVMI | EVEX.LIG.66.0F3A.W0 0A /r ib
vrndscalesd | xmm{kz}, xmm, xmm/m64, imm8 | RVMI | EVEX.LIG.66.0F3A.W1 0B /r ib
vscalefps | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 2C /r
vscalefpd | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 2C /r
vgetexpps | V{kz}, V/mV/b32 | RM | EVEX.L.66.0F38.W0 42 /r
vgetexppd | V{kz}, V/mV/b64 | RM | EVEX.L.66.0F38.W1 42 /r
vscalefss | xmm{kz}, xmm, xmm/m32 | RVM | EVEX.LIG.66.0F38.W0 2D /r
vscalefsd | xmm{kz}, xmm, xmm/m64 | RVM | EVEX.LIG.66.0F38.W1 2D /r
vgetexpss | xmm{kz}, xmm, xmm/m32 | RVM | EVEX.LIG.66.0F38.W0 43 /r
vgetexpsd | xmm{kz}, xmm, xmm/m64 | RVM | EVEX.LIG.66.0F38.W1 43 /r

# compares: predicate in imm8; EVEX compares write an opmask
cmpps   | xmm, xmm/m128, imm8 | RMI | NP 0F C2 /r ib
cmppd   | xmm, xmm/m128, imm8 | RMI | 66 0F C2 /r ib
cmpss   | xmm, xmm/m32, imm8  | RMI | F3 0F C2 /r ib
cmpsd   | xmm, xmm/m64, imm8  | RMI | F2 0F C2 /r ib
vcmpps  | V, V, V/mV, imm8 | RVMI | VEX.L.0F.WIG C2 /r ib
vcmppd  | V, V, V/mV, imm8 | RVMI | VEX.L.66.0F.WIG C2 /r ib
vcmpss  | xmm, xmm, xmm/m32, imm8 | RVMI | VEX.LIG.F3.0F.WIG C2 /r ib
vcmpsd  | xmm, xmm, xmm/m64, imm8 | RVMI | VEX.LIG.F2.0F.WIG C2 /r ib
vcmpps  | k{k}, V, V/mV/b32, imm8 | RVMI | EVEX.L.0F.W0 C2 /r ib
vcmppd  | k{k}, V, V/mV/b64, imm8 | RVMI | EVEX.L.66.0F.W1 C2 /r ib
vcmpss  | k{k}, xmm, xmm/m32, imm8 | RVMI | EVEX.LIG.F3.0F.W0 C2 /r ib
vcmpsd  | k{k}, xmm, xmm/m64, imm8 | RVMI | EVEX.LIG.F2.0F.W1 C2 /r ib
@each ucomiss:NP:2E:0F:W0:m32 ucomisd:66:2E:66.0F:W1:m64 comiss:NP:2F:0F:W0:m32 comisd:66:2F:66.0F:W1:m64
$0  | xmm, xmm/$5 | RM | $1 0F $2 /r
v$0 | xmm, xmm/$5 | RM | VEX.LIG.$3.WIG $2 /r
v$0 | xmm, xmm/$5 | RM | EVEX.LIG.$3.$4 $2 /r
@end

# conversions
cvtsi2ss  | xmm, r/my | RM | F3 0F 2A /r
cvtsi2sd  | xmm, r/my | RM | F2 0F 2A /r
vcvtsi2ss | xmm, xmm, r/my | RVM | VEX.LIG.F3.0F.Wy 2A /r
vcvtsi2sd | xmm, xmm, r/my | RVM | VEX.LIG.F2.0F.Wy 2A /r
vcvtsi2ss | xmm, xmm, r/my | RVM | EVEX.LIG.F3.0F.Wy 2A /r
vcvtsi2sd | xmm, xmm, r/my | RVM | EVEX.LIG.F2.0F.Wy 2A /r
@each cvtss2si:F3:2D:m32 cvttss2si:F3:2C:m32 cvtsd2si:F2:2D:m64 cvttsd2si:F2:2C:m64
$0  | ry, xmm/$3 | RM | $1 0F $2 /r
v$0 | ry, xmm/$3 | RM | VEX.LIG.$1.0F.Wy $2 /r
v$0 | ry, xmm/$3 | RM | EVEX.LIG.$1.0F.Wy $2 /r
@end
cvtss2sd  | xmm, xmm/m32 | RM | F3 0F 5A /r
cvtsd2ss  | xmm, xmm/m64 | RM | F2 0F 5A /r
vcvtss2sd | xmm, xmm, xmm/m32 | RVM | VEX.LIG.F3.0F.WIG 5A /r
vcvtsd2ss | xmm, xmm, xmm/m64 | RVM | VEX.LIG.F2.0F.WIG 5A /r
vcvtss2sd | xmm{kz}, xmm, xmm/m32 | RVM | EVEX.LIG.F3.0F.W0 5A /r
vcvtsd2ss | xmm{kz}, xmm, xmm/m64 | RVM | EVEX.LIG.F2.0F.W1 5A /r
cvtps2pd  | xmm, xmm/m64  | RM | NP 0F 5A /r
cvtpd2ps  | xmm, xmm/m128 | RM | 66 0F 5A /r
cvtdq2ps  | xmm, xmm/m128 | RM | NP 0F 5B /r
cvtps2dq  | xmm, xmm/m128 | RM | 66 0F 5B /r
cvttps2dq | xmm, xmm/m128 | RM | F3 0F 5B /r
cvtdq2pd  | xmm, xmm/m64  | RM | F3 0F E6 /r
cvtpd2dq  | xmm, xmm/m128 | RM | F2 0F E6 /r
cvttpd2dq | xmm, xmm/m128 | RM | 66 0F E6 /r
vcvtps2pd  | V, H/mH | RM | VEX.L.0F.WIG 5A /r
vcvtdq2pd  | V, H/mH | RM | VEX.L.F3.0F.WIG E6 /r
vcvtdq2ps  | V, V/mV | RM | VEX.L.0F.WIG 5B /r
vcvtps2dq  | V, V/mV | RM | VEX.L.66.0F.WIG 5B /r
vcvttps2dq | V, V/mV | RM | VEX.L.F3.0F.WIG 5B /r
vcvtpd2ps  | xmm, xmm/m128 | RM | VEX.128.66.0F.WIG 5A /r
vcvtpd2ps  | xmm, ymm/m256 | RM | VEX.256.66.0F.WIG 5A /r
vcvtpd2dq  | xmm, xmm/m128 | RM | VEX.128.F2.0F.WIG E6 /r
vcvtpd2dq  | xmm, ymm/m256 | RM | VEX.256.F2.0F.WIG E6 /r
vcvttpd2dq | xmm, xmm/m128 | RM | VEX.128.66.0F.WIG E6 /r
vcvttpd2dq | xmm, ymm/m256 | RM | VEX.256.66.0F.WIG E6 /r
vcvtps2pd  | V{kz}, H/mH/b32 | RM | EVEX.L.0F.W0 5A /r
vcvtdq2pd  | V{kz}, H/mH/b32 | RM | EVEX.L.F3.0F.W0 E6 /r
vcvtudq2pd | V{kz}, H/mH/b32 | RM | EVEX.L.F3.0F.W0 7A /r
vcvtdq2ps  | V{kz}, V/mV/b32 | RM | EVEX.L.0F.W0 5B /r
vcvtudq2ps | V{kz}, V/mV/b32 | RM | EVEX.L.F2.0F.W0 7A /r
vcvtps2dq  | V{kz}, V/mV/b32 | RM | EVEX.L.66.0F.W0 5B /r
vcvttps2dq | V{kz}, V/mV/b32 | RM | EVEX.L.F3.0F.W0 5B /r
vcvtps2udq  | V{kz}, V/mV/b32 | RM | EVEX.L.0F.W0 79 /r
vcvttps2udq | V{kz}, V/mV/b32 | RM | EVEX.L.0F.W0 78 /r
vcvtqq2pd   | V{kz}, V/mV/b64 | RM | EVEX.L.F3.0F.W1 E6 /r
vcvtuqq2pd  | V{kz}, V/mV/b64 | RM | EVEX.L.F3.0F.W1 7A /r
vcvtpd2qq   | V{kz}, V/mV/b64 | RM | EVEX.L.66.0F.W1 7B /r
vcvttpd2qq  | V{kz}, V/mV/b64 | RM | EVEX.L.66.0F.W1 7A /r
vcvtpd2uqq  | V{kz}, V/mV/b64 | RM | EVEX.L.66.0F.W1 79 /r
vcvttpd2uqq | V{kz}, V/mV/b64 | RM | EVEX.L.66.0F.W1 78 /r
# qword or double elements to dword or single: the destination is half the source vector (xmm, xmm,
# ymm); with a broadcast the {1toN} count alone tells the 128- from the 256-bit source
vcvtpd2ps   | H{kz}, V/mV/b64 | RM | EVEX.L.66.0F.W1 5A /r
vcvtpd2dq   | H{kz}, V/mV/b64 | RM | EVEX.L.F2.0F.W1 E6 /r
vcvttpd2dq  | H{kz}, V/mV/b64 | RM | EVEX.L.66.0F.W1 E6 /r
vcvtpd2udq  | H{kz}, V/mV/b64 | RM | EVEX.L.0F.W1 79 /r
vcvttpd2udq | H{kz}, V/mV/b64 | RM | EVEX.L.0F.W1 78 /r
vcvtqq2ps   | H{kz}, V/mV/b64 | RM | EVEX.L.0F.W1 5B /r
vcvtuqq2ps  | H{kz}, V/mV/b64 | RM | EVEX.L.F2.0F.W1 7A /r
# single to qword: the source is half the destination vector (Half Vector tuple: N = the memory size)
vcvtps2qq   | V{kz}, H/mH/b32 | RM | EVEX.L.66.0F.W0 7B /r
vcvttps2qq  | V{kz}, H/mH/b32 | RM | EVEX.L.66.0F.W0 7A /r
vcvtps2uqq  | V{kz}, H/mH/b32 | RM | EVEX.L.66.0F.W0 79 /r
vcvttps2uqq | V{kz}, H/mH/b32 | RM | EVEX.L.66.0F.W0 78 /r
vcvtusi2ss  | xmm, xmm, r/my | RVM | EVEX.LIG.F3.0F.Wy 7B /r
vcvtusi2sd  | xmm, xmm, r/my | RVM | EVEX.LIG.F2.0F.Wy 7B /r
vcvtss2usi  | ry, xmm/m32 | RM | EVEX.LIG.F3.0F.Wy 79 /r
vcvtsd2usi  | ry, xmm/m64 | RM | EVEX.LIG.F2.0F.Wy 79 /r
vcvttss2usi | ry, xmm/m32 | RM | EVEX.LIG.F3.0F.Wy 78 /r
vcvttsd2usi | ry, xmm/m64 | RM | EVEX.LIG.F2.0F.Wy 78 /r
vcvtph2ps  | V, H/mH | RM | VEX.L.66.0F38.W0 13 /r
vcvtps2ph  | H/mH, V, imm8 | MRI | VEX.L.66.0F3A.W0 1D /r ib
vcvtph2ps  | V{kz}, H/mH | RM | EVEX.L.66.0F38.W0 13 /r
vcvtps2ph  | H{kz}, V, imm8 | MRI | EVEX.L.66.0F3A.W0 1D /r ib
vcvtps2ph  | mH{k}, V, imm8 | MRI | EVEX.L.66.0F3A.W0 1D /r ib

# FMA3: 132/213/231 name which operands are multiplied and which is added
@each fmadd:98:99:A8:A9:B8:B9 fmsub:9A:9B:AA:AB:BA:BB fnmadd:9C:9D:AC:AD:BC:BD fnmsub:9E:9F:AE:AF:BE:BF
v$0132ps | V, V, V/mV | RVM | VEX.L.66.0F38.W0 $1 /r
v$0132pd | V, V, V/mV | RVM | VEX.L.66.0F38.W1 $1 /r
v$0132ss | xmm, xmm, xmm/m32 | RVM | VEX.LIG.66.0F38.W0 $2 /r
v$0132sd | xmm, xmm, xmm/m64 | RVM | VEX.LIG.66.0F38.W1 $2 /r
v$0213ps | V, V, V/mV | RVM | VEX.L.66.0F38.W0 $3 /r
v$0213pd | V, V, V/mV | RVM | VEX.L.66.0F38.W1 $3 /r
v$0213ss | xmm, xmm, xmm/m32 | RVM | VEX.LIG.66.0F38.W0 $4 /r
v$0213sd | xmm, xmm, xmm/m64 | RVM | VEX.LIG.66.0F38.W1 $4 /r
v$0231ps | V, V, V/mV | RVM | VEX.L.66.0F38.W0 $5 /r
v$0231pd | V, V, V/mV | RVM | VEX.L.66.0F38.W1 $5 /r
v$0231ss | xmm, xmm, xmm/m32 | RVM | VEX.LIG.66.0F38.W0 $6 /r
v$0231sd | xmm, xmm, xmm/m64 | RVM | VEX.LIG.66.0F38.W1 $6 /r
v$0132ps | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 $1 /r
v$0132pd | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 $1 /r
v$0132ss | xmm{kz}, xmm, xmm/m32 | RVM | EVEX.LIG.66.0F38.W0 $2 /r
v$0132sd | xmm{kz}, xmm, xmm/m64 | RVM | EVEX.LIG.66.0F38.W1 $2 /r
v$0213ps | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 $3 /r
v$0213pd | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 $3 /r
v$0213ss | xmm{kz}, xmm, xmm/m32 | RVM | EVEX.LIG.66.0F38.W0 $4 /r
v$0213sd | xmm{kz}, xmm, xmm/m64 | RVM | EVEX.LIG.66.0F38.W1 $4 /r
v$0231ps | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 $5 /r
v$0231pd | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 $5 /r
v$0231ss | xmm{kz}, xmm, xmm/m32 | RVM | EVEX.LIG.66.0F38.W0 $6 /r
v$0231sd | xmm{kz}, xmm, xmm/m64 | RVM | EVEX.LIG.66.0F38.W1 $6 /r
@end
@each fmaddsub:96:A6:B6 fmsubadd:97:A7:B7
v$0132ps | V, V, V/mV | RVM | VEX.L.66.0F38.W0 $1 /r
v$0132pd | V, V, V/mV | RVM | VEX.L.66.0F38.W1 $1 /r
v$0213ps | V, V, V/mV | RVM | VEX.L.66.0F38.W0 $2 /r
v$0213pd | V, V, V/mV | RVM | VEX.L.66.0F38.W1 $2 /r
v$0231ps | V, V, V/mV | RVM | VEX.L.66.0F38.W0 $3 /r
v$0231pd | V, V, V/mV | RVM | VEX.L.66.0F38.W1 $3 /r
v$0132ps | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 $1 /r
v$0132pd | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 $1 /r
v$0213ps | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 $2 /r
v$0213pd | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 $2 /r
v$0231ps | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 $3 /r
v$0231pd | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 $3 /r
@end

# broadcasts, permutes, 128-bit lane inserts/extracts
vbroadcastss   | V, xmm/m32 | RM | VEX.L.66.0F38.W0 18 /r
vbroadcastsd   | ymm, xmm/m64 | RM | VEX.256.66.0F38.W0 19 /r
vbroadcastf128 | ymm, m128 | RM | VEX.256.66.0F38.W0 1A /r
vbroadcastss   | V{kz}, xmm/m32 | RM | EVEX.L.66.0F38.W0 18 /r
vbroadcastsd   | ymm{kz}, xmm/m64 | RM | EVEX.256.66.0F38.W1 19 /r
vbroadcastsd   | zmm{kz}, xmm/m64 | RM | EVEX.512.66.0F38.W1 19 /r
vbroadcastf32x4 | ymm{kz}, m128 | RM | EVEX.256.66.0F38.W0 1A /r
vbroadcastf32x4 | zmm{kz}, m128 | RM | EVEX.512.66.0F38.W0 1A /r
vbroadcastf64x4 | zmm{kz}, m256 | RM | EVEX.512.66.0F38.W1 1B /r
# AVX512DQ broadcasts of 2x32, 2x64 and 8x32 bits (Tuple2/Tuple8: N = the memory size)
vbroadcastf32x2 | ymm{kz}, xmm/m64 | RM | EVEX.256.66.0F38.W0 19 /r
vbroadcastf32x2 | zmm{kz}, xmm/m64 | RM | EVEX.512.66.0F38.W0 19 /r
vbroadcastf64x2 | ymm{kz}, m128 | RM | EVEX.256.66.0F38.W1 1A /r
vbroadcastf64x2 | zmm{kz}, m128 | RM | EVEX.512.66.0F38.W1 1A /r
vbroadcastf32x8 | zmm{kz}, m256 | RM | EVEX.512.66.0F38.W0 1B /r
vpermilps | V, V, V/mV | RVM | VEX.L.66.0F38.W0 0C /r
vpermilpd | V, V, V/mV | RVM | VEX.L.66.0F38.W0 0D /r
vpermilps | V, V/mV, imm8 | RMI | VEX.L.66.0F3A.W0 04 /r ib
vpermilpd | V, V/mV, imm8 | RMI | VEX.L.66.0F3A.W0 05 /r ib
vpermilps | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 0C /r
vpermilpd | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 0D /r
vpermilps | V{kz}, V/mV/b32, imm8 | RMI | EVEX.L.66.0F3A.W0 04 /r ib
vpermilpd | V{kz}, V/mV/b64, imm8 | RMI | EVEX.L.66.0F3A.W1 05 /r ib
vperm2f128 | ymm, ymm, ymm/m256, imm8 | RVMI | VEX.256.66.0F3A.W0 06 /r ib
vpermps   | ymm, ymm, ymm/m256 | RVM | VEX.256.66.0F38.W0 16 /r
vpermpd   | ymm, ymm/m256, imm8 | RMI | VEX.256.66.0F3A.W1 01 /r ib
vpermps   | ymm{kz}, ymm, ymm/m256/b32 | RVM | EVEX.256.66.0F38.W0 16 /r
vpermps   | zmm{kz}, zmm, zmm/m512/b32 | RVM | EVEX.512.66.0F38.W0 16 /r
vpermpd   | ymm{kz}, ymm, ymm/m256/b64 | RVM | EVEX.256.66.0F38.W1 16 /r
vpermpd   | zmm{kz}, zmm, zmm/m512/b64 | RVM | EVEX.512.66.0F38.W1 16 /r
vpermpd   | ymm{kz}, ymm/m256/b64, imm8 | RMI | EVEX.256.66.0F3A.W1 01 /r ib
vpermpd   | zmm{kz}, zmm/m512/b64, imm8 | RMI | EVEX.512.66.0F3A.W1 01 /r ib
vinsertf128  | ymm, ymm, xmm/m128, imm8 | RVMI | VEX.256.66.0F3A.W0 18 /r ib
vextractf128 | xmm/m128, ymm, imm8 | MRI | VEX.256.66.0F3A.W0 19 /r ib
vinsertf32x4 | ymm{kz}, ymm, xmm/m128, imm8 | RVMI | EVEX.256.66.0F3A.W0 18 /r ib
vinsertf32x4 | zmm{kz}, zmm, xmm/m128, imm8 | RVMI | EVEX.512.66.0F3A.W0 18 /r ib
vinsertf64x4 | zmm{kz}, zmm, ymm/m256, imm8 | RVMI | EVEX.512.66.0F3A.W1 1A /r ib
vextractf32x4 | xmm{kz}, ymm, imm8 | MRI | EVEX.256.66.0F3A.W0 19 /r ib
vextractf32x4 | xmm{kz}, zmm, imm8 | MRI | EVEX.512.66.0F3A.W0 19 /r ib
vextractf32x4 | m128{k}, ymm, imm8 | MRI | EVEX.256.66.0F3A.W0 19 /r ib
vextractf32x4 | m128{k}, zmm, imm8 | MRI | EVEX.512.66.0F3A.W0 19 /r ib
vextractf64x4 | ymm{kz}, zmm, imm8 | MRI | EVEX.512.66.0F3A.W1 1B /r ib
vextractf64x4 | m256{k}, zmm, imm8 | MRI | EVEX.512.66.0F3A.W1 1B /r ib
vinsertf64x2  | ymm{kz}, ymm, xmm/m128, imm8 | RVMI | EVEX.256.66.0F3A.W1 18 /r ib
vinsertf64x2  | zmm{kz}, zmm, xmm/m128, imm8 | RVMI | EVEX.512.66.0F3A.W1 18 /r ib
vinsertf32x8  | zmm{kz}, zmm, ymm/m256, imm8 | RVMI | EVEX.512.66.0F3A.W0 1A /r ib
vextractf64x2 | xmm{kz}, ymm, imm8 | MRI | EVEX.256.66.0F3A.W1 19 /r ib
vextractf64x2 | xmm{kz}, zmm, imm8 | MRI | EVEX.512.66.0F3A.W1 19 /r ib
vextractf64x2 | m128{k}, ymm, imm8 | MRI | EVEX.256.66.0F3A.W1 19 /r ib
vextractf64x2 | m128{k}, zmm, imm8 | MRI | EVEX.512.66.0F3A.W1 19 /r ib
vextractf32x8 | ymm{kz}, zmm, imm8 | MRI | EVEX.512.66.0F3A.W0 1B /r ib
vextractf32x8 | m256{k}, zmm, imm8 | MRI | EVEX.512.66.0F3A.W0 1B /r ib
vshuff32x4 | ymm{kz}, ymm, ymm/m256/b32, imm8 | RVMI | EVEX.256.66.0F3A.W0 23 /r ib
vshuff32x4 | zmm{kz}, zmm, zmm/m512/b32, imm8 | RVMI | EVEX.512.66.0F3A.W0 23 /r ib
vshuff64x2 | ymm{kz}, ymm, ymm/m256/b64, imm8 | RVMI | EVEX.256.66.0F3A.W1 23 /r ib
vshuff64x2 | zmm{kz}, zmm, zmm/m512/b64, imm8 | RVMI | EVEX.512.66.0F3A.W1 23 /r ib
vpermi2ps | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 77 /r
vpermi2pd | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 77 /r
vpermt2ps | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 7F /r
vpermt2pd | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 7F /r
vcompressps | V/mV{kz}, V | MR | EVEX.L.66.0F38.W0 8A /r N=4
vcompresspd | V/mV{kz}, V | MR | EVEX.L.66.0F38.W1 8A /r N=8
vexpandps   | V{kz}, V/mV | RM | EVEX.L.66.0F38.W0 88 /r N=4
vexpandpd   | V{kz}, V/mV | RM | EVEX.L.66.0F38.W1 88 /r N=8
vfixupimmps | V{kz}, V, V/mV/b32, imm8 | RVMI | EVEX.L.66.0F3A.W0 54 /r ib
vfixupimmpd | V{kz}, V, V/mV/b64, imm8 | RVMI | EVEX.L.66.0F3A.W1 54 /r ib
vfixupimmss | xmm{kz}, xmm, xmm/m32, imm8 | RVMI | EVEX.LIG.66.0F3A.W0 55 /r ib
vfixupimmsd | xmm{kz}, xmm, xmm/m64, imm8 | RVMI | EVEX.LIG.66.0F3A.W1 55 /r ib
# AVX: set ZF/CF from the sign bits of the AND / ANDN of two vectors
vtestps | V, V/mV | RM | VEX.L.66.0F38.W0 0E /r
vtestpd | V, V/mV | RM | VEX.L.66.0F38.W0 0F /r

ldmxcsr  | m32 | M | NP 0F AE /2
stmxcsr  | m32 | M | NP 0F AE /3
vldmxcsr | m32 | M | VEX.LZ.0F.WIG AE /2
vstmxcsr | m32 | M | VEX.LZ.0F.WIG AE /3
vzeroupper | | - | VEX.128.0F.WIG 77
vzeroall   | | - | VEX.256.0F.WIG 77
`;
