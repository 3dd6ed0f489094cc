/**
 * Integer SIMD: SSE2/SSSE3/SSE4.1/SSE4.2 legacy forms, AVX/AVX2 (VEX) and AVX-512 F/BW/DQ/VL (EVEX).
 * EVEX element width: byte/word instructions are AVX512BW without broadcast; dword forms are W0 with
 * {1to4/8/16}; qword forms are W1 with {1to2/4/8}.
 */
export const SSE_AVX_INT_TABLE = `
# byte/word arithmetic (map 0F), EVEX = AVX512BW
@each paddb:FC paddw:FD psubb:F8 psubw:F9 paddsb:EC paddsw:ED paddusb:DC paddusw:DD psubsb:E8 psubsw:E9 psubusb:D8 psubusw:D9 pmullw:D5 pmulhw:E5 pmulhuw:E4 pmaddwd:F5 pavgb:E0 pavgw:E3 pminub:DA pmaxub:DE pminsw:EA pmaxsw:EE punpcklbw:60 punpcklwd:61 punpckhbw:68 punpckhwd:69 packsswb:63 packuswb:67
$0  | xmm, xmm/m128 | RM | 66 0F $1 /r
v$0 | V, V, V/mV | RVM | VEX.L.66.0F.WIG $1 /r
v$0 | V{kz}, V, V/mV | RVM | EVEX.L.66.0F.WIG $1 /r
@end
psadbw  | xmm, xmm/m128 | RM | 66 0F F6 /r
vpsadbw | V, V, V/mV | RVM | VEX.L.66.0F.WIG F6 /r
# vpsadbw writes qword sums and takes no write mask
vpsadbw | V, V, V/mV | RVM | EVEX.L.66.0F.WIG F6 /r
# dword forms (map 0F)
@each paddd:FE psubd:FA punpckldq:62 punpckhdq:6A packssdw:6B
$0  | xmm, xmm/m128 | RM | 66 0F $1 /r
v$0 | V, V, V/mV | RVM | VEX.L.66.0F.WIG $1 /r
v$0 | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F.W0 $1 /r
@end
# qword forms (map 0F)
@each paddq:D4 psubq:FB pmuludq:F4 punpcklqdq:6C punpckhqdq:6D
$0  | xmm, xmm/m128 | RM | 66 0F $1 /r
v$0 | V, V, V/mV | RVM | VEX.L.66.0F.WIG $1 /r
v$0 | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F.W1 $1 /r
@end
# byte/word forms in map 0F38 (SSSE3, SSE4.1)
@each pshufb:00 pmaddubsw:04 pmulhrsw:0B pminsb:38 pminuw:3A pmaxsb:3C pmaxuw:3E
$0  | xmm, xmm/m128 | RM | 66 0F 38 $1 /r
v$0 | V, V, V/mV | RVM | VEX.L.66.0F38.WIG $1 /r
v$0 | V{kz}, V, V/mV | RVM | EVEX.L.66.0F38.WIG $1 /r
@end
# dword forms in map 0F38 (SSE4.1)
@each pmulld:40 pminsd:39 pminud:3B pmaxsd:3D pmaxud:3F packusdw:2B
$0  | xmm, xmm/m128 | RM | 66 0F 38 $1 /r
v$0 | V, V, V/mV | RVM | VEX.L.66.0F38.WIG $1 /r
v$0 | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 $1 /r
@end
pmuldq  | xmm, xmm/m128 | RM | 66 0F 38 28 /r
vpmuldq | V, V, V/mV | RVM | VEX.L.66.0F38.WIG 28 /r
vpmuldq | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 28 /r
@each vpminsq:39 vpminuq:3B vpmaxsq:3D vpmaxuq:3F vpmullq:40
$0 | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 $1 /r
@end
# SSSE3 horizontal and sign operations have no EVEX form
@each phaddw:01 phaddd:02 phaddsw:03 phsubw:05 phsubd:06 phsubsw:07 psignb:08 psignw:09 psignd:0A
$0  | xmm, xmm/m128 | RM | 66 0F 38 $1 /r
v$0 | V, V, V/mV | RVM | VEX.L.66.0F38.WIG $1 /r
@end
pabsb  | xmm, xmm/m128 | RM | 66 0F 38 1C /r
pabsw  | xmm, xmm/m128 | RM | 66 0F 38 1D /r
pabsd  | xmm, xmm/m128 | RM | 66 0F 38 1E /r
vpabsb | V, V/mV | RM | VEX.L.66.0F38.WIG 1C /r
vpabsw | V, V/mV | RM | VEX.L.66.0F38.WIG 1D /r
vpabsd | V, V/mV | RM | VEX.L.66.0F38.WIG 1E /r
vpabsb | V{kz}, V/mV | RM | EVEX.L.66.0F38.WIG 1C /r
vpabsw | V{kz}, V/mV | RM | EVEX.L.66.0F38.WIG 1D /r
vpabsd | V{kz}, V/mV/b32 | RM | EVEX.L.66.0F38.W0 1E /r
vpabsq | V{kz}, V/mV/b64 | RM | EVEX.L.66.0F38.W1 1F /r
palignr  | xmm, xmm/m128, imm8 | RMI | 66 0F 3A 0F /r ib
vpalignr | V, V, V/mV, imm8 | RVMI | VEX.L.66.0F3A.WIG 0F /r ib
vpalignr | V{kz}, V, V/mV, imm8 | RVMI | EVEX.L.66.0F3A.WIG 0F /r ib

# bitwise logic; EVEX splits by element width for masking
@each pand:DB:vpandd:vpandq pandn:DF:vpandnd:vpandnq por:EB:vpord:vporq pxor:EF:vpxord:vpxorq
$0  | xmm, xmm/m128 | RM | 66 0F $1 /r
v$0 | V, V, V/mV | RVM | VEX.L.66.0F.WIG $1 /r
$2  | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F.W0 $1 /r
$3  | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F.W1 $1 /r
@end
vpternlogd | V{kz}, V, V/mV/b32, imm8 | RVMI | EVEX.L.66.0F3A.W0 25 /r ib
vpternlogq | V{kz}, V, V/mV/b64, imm8 | RVMI | EVEX.L.66.0F3A.W1 25 /r ib
ptest  | xmm, xmm/m128 | RM | 66 0F 38 17 /r
vptest | V, V/mV | RM | VEX.L.66.0F38.WIG 17 /r
vptestmb  | k{k}, V, V/mV | RVM | EVEX.L.66.0F38.W0 26 /r
vptestmw  | k{k}, V, V/mV | RVM | EVEX.L.66.0F38.W1 26 /r
vptestmd  | k{k}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 27 /r
vptestmq  | k{k}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 27 /r
vptestnmb | k{k}, V, V/mV | RVM | EVEX.L.F3.0F38.W0 26 /r
vptestnmw | k{k}, V, V/mV | RVM | EVEX.L.F3.0F38.W1 26 /r
vptestnmd | k{k}, V, V/mV/b32 | RVM | EVEX.L.F3.0F38.W0 27 /r
vptestnmq | k{k}, V, V/mV/b64 | RVM | EVEX.L.F3.0F38.W1 27 /r

# compares: legacy/VEX write a vector of all-ones/zeros, EVEX writes an opmask
@each pcmpeqb:0F:74:WIG: pcmpeqw:0F:75:WIG: pcmpeqd:0F:76:W0:/b32 pcmpgtb:0F:64:WIG: pcmpgtw:0F:65:WIG: pcmpgtd:0F:66:W0:/b32
$0  | xmm, xmm/m128 | RM | 66 $1 $2 /r
v$0 | V, V, V/mV | RVM | VEX.L.66.$1.WIG $2 /r
v$0 | k{k}, V, V/mV$4 | RVM | EVEX.L.66.$1.$3 $2 /r
@end
pcmpeqq  | xmm, xmm/m128 | RM | 66 0F 38 29 /r
pcmpgtq  | xmm, xmm/m128 | RM | 66 0F 38 37 /r
vpcmpeqq | V, V, V/mV | RVM | VEX.L.66.0F38.WIG 29 /r
vpcmpgtq | V, V, V/mV | RVM | VEX.L.66.0F38.WIG 37 /r
vpcmpeqq | k{k}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 29 /r
vpcmpgtq | k{k}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 37 /r
vpcmpb   | k{k}, V, V/mV, imm8 | RVMI | EVEX.L.66.0F3A.W0 3F /r ib
vpcmpub  | k{k}, V, V/mV, imm8 | RVMI | EVEX.L.66.0F3A.W0 3E /r ib
vpcmpw   | k{k}, V, V/mV, imm8 | RVMI | EVEX.L.66.0F3A.W1 3F /r ib
vpcmpuw  | k{k}, V, V/mV, imm8 | RVMI | EVEX.L.66.0F3A.W1 3E /r ib
vpcmpd   | k{k}, V, V/mV/b32, imm8 | RVMI | EVEX.L.66.0F3A.W0 1F /r ib
vpcmpud  | k{k}, V, V/mV/b32, imm8 | RVMI | EVEX.L.66.0F3A.W0 1E /r ib
vpcmpq   | k{k}, V, V/mV/b64, imm8 | RVMI | EVEX.L.66.0F3A.W1 1F /r ib
vpcmpuq  | k{k}, V, V/mV/b64, imm8 | RVMI | EVEX.L.66.0F3A.W1 1E /r ib
pcmpestri | xmm, xmm/m128, imm8 | RMI | 66 0F 3A 61 /r ib
pcmpestrm | xmm, xmm/m128, imm8 | RMI | 66 0F 3A 60 /r ib
pcmpistri | xmm, xmm/m128, imm8 | RMI | 66 0F 3A 63 /r ib
pcmpistrm | xmm, xmm/m128, imm8 | RMI | 66 0F 3A 62 /r ib
vpcmpestri | xmm, xmm/m128, imm8 | RMI | VEX.128.66.0F3A.WIG 61 /r ib
vpcmpestrm | xmm, xmm/m128, imm8 | RMI | VEX.128.66.0F3A.WIG 60 /r ib
vpcmpistri | xmm, xmm/m128, imm8 | RMI | VEX.128.66.0F3A.WIG 63 /r ib
vpcmpistrm | xmm, xmm/m128, imm8 | RMI | VEX.128.66.0F3A.WIG 62 /r ib
crc32 | r32, r/m8  | RM | F2 0F 38 F0 /r
crc32 | r32, r/m16 | RM | 66 F2 0F 38 F1 /r
crc32 | r32, r/m32 | RM | F2 0F 38 F1 /r
crc32 | r64, r/m8  | RM | F2 REX.W 0F 38 F0 /r
crc32 | r64, r/m64 | RM | F2 REX.W 0F 38 F1 /r

# shifts: by xmm count, by immediate (the register being shifted sits in ModRM.rm, the digit in reg)
@each psllw:F1:71:6:WIG: psrlw:D1:71:2:WIG: psraw:E1:71:4:WIG: pslld:F2:72:6:W0:/b32 psrld:D2:72:2:W0:/b32 psrad:E2:72:4:W0:/b32 psllq:F3:73:6:W1:/b64 psrlq:D3:73:2:W1:/b64
$0  | xmm, xmm/m128 | RM | 66 0F $1 /r
$0  | xmm, imm8 | MI | 66 0F $2 /$3 ib
v$0 | V, V, xmm/m128 | RVM | VEX.L.66.0F.WIG $1 /r
v$0 | V, V, imm8 | VMI | VEX.L.66.0F.WIG $2 /$3 ib
v$0 | V{kz}, V, xmm/m128 | RVM | EVEX.L.66.0F.$4 $1 /r
v$0 | V{kz}, V/mV$5, imm8 | VMI | EVEX.L.66.0F.$4 $2 /$3 ib
@end
vpsraq | V{kz}, V, xmm/m128 | RVM | EVEX.L.66.0F.W1 E2 /r
vpsraq | V{kz}, V/mV/b64, imm8 | VMI | EVEX.L.66.0F.W1 72 /4 ib
pslldq  | xmm, imm8 | MI | 66 0F 73 /7 ib
psrldq  | xmm, imm8 | MI | 66 0F 73 /3 ib
vpslldq | V, V, imm8 | VMI | VEX.L.66.0F.WIG 73 /7 ib
vpsrldq | V, V, imm8 | VMI | VEX.L.66.0F.WIG 73 /3 ib
vpslldq | V, V/mV, imm8 | VMI | EVEX.L.66.0F.WIG 73 /7 ib
vpsrldq | V, V/mV, imm8 | VMI | EVEX.L.66.0F.WIG 73 /3 ib
@each vpsllvd:47:W0:b32 vpsllvq:47:W1:b64 vpsrlvd:45:W0:b32 vpsrlvq:45:W1:b64 vpsravd:46:W0:b32
$0 | V, V, V/mV | RVM | VEX.L.66.0F38.$2 $1 /r
$0 | V{kz}, V, V/mV/$3 | RVM | EVEX.L.66.0F38.$2 $1 /r
@end
vpsravq | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 46 /r
vpsllvw | V{kz}, V, V/mV | RVM | EVEX.L.66.0F38.W1 12 /r
vpsrlvw | V{kz}, V, V/mV | RVM | EVEX.L.66.0F38.W1 10 /r
vpsravw | V{kz}, V, V/mV | RVM | EVEX.L.66.0F38.W1 11 /r
vprold  | V{kz}, V/mV/b32, imm8 | VMI | EVEX.L.66.0F.W0 72 /1 ib
vprolq  | V{kz}, V/mV/b64, imm8 | VMI | EVEX.L.66.0F.W1 72 /1 ib
vprord  | V{kz}, V/mV/b32, imm8 | VMI | EVEX.L.66.0F.W0 72 /0 ib
vprorq  | V{kz}, V/mV/b64, imm8 | VMI | EVEX.L.66.0F.W1 72 /0 ib
vprolvd | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 15 /r
vprolvq | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 15 /r
vprorvd | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 14 /r
vprorvq | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 14 /r

# shuffles, blends, permutes
pshufd   | xmm, xmm/m128, imm8 | RMI | 66 0F 70 /r ib
pshufhw  | xmm, xmm/m128, imm8 | RMI | F3 0F 70 /r ib
pshuflw  | xmm, xmm/m128, imm8 | RMI | F2 0F 70 /r ib
vpshufd  | V, V/mV, imm8 | RMI | VEX.L.66.0F.WIG 70 /r ib
vpshufhw | V, V/mV, imm8 | RMI | VEX.L.F3.0F.WIG 70 /r ib
vpshuflw | V, V/mV, imm8 | RMI | VEX.L.F2.0F.WIG 70 /r ib
vpshufd  | V{kz}, V/mV/b32, imm8 | RMI | EVEX.L.66.0F.W0 70 /r ib
vpshufhw | V{kz}, V/mV, imm8 | RMI | EVEX.L.F3.0F.WIG 70 /r ib
vpshuflw | V{kz}, V/mV, imm8 | RMI | EVEX.L.F2.0F.WIG 70 /r ib
pblendw   | xmm, xmm/m128, imm8 | RMI | 66 0F 3A 0E /r ib
vpblendw  | V, V, V/mV, imm8 | RVMI | VEX.L.66.0F3A.WIG 0E /r ib
vpblendd  | V, V, V/mV, imm8 | RVMI | VEX.L.66.0F3A.W0 02 /r ib
pblendvb  | xmm, xmm/m128, xmm0 | RMZ | 66 0F 38 10 /r
vpblendvb | V, V, V/mV, V | RVML | VEX.L.66.0F3A.W0 4C /r is4
vpblendmd | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 64 /r
vpblendmq | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 64 /r
vpblendmb | V{kz}, V, V/mV | RVM | EVEX.L.66.0F38.W0 66 /r
vpblendmw | V{kz}, V, V/mV | RVM | EVEX.L.66.0F38.W1 66 /r
vpermd   | ymm, ymm, ymm/m256 | RVM | VEX.256.66.0F38.W0 36 /r
vpermq   | ymm, ymm/m256, imm8 | RMI | VEX.256.66.0F3A.W1 00 /r ib
vpermd   | ymm{kz}, ymm, ymm/m256/b32 | RVM | EVEX.256.66.0F38.W0 36 /r
vpermd   | zmm{kz}, zmm, zmm/m512/b32 | RVM | EVEX.512.66.0F38.W0 36 /r
vpermq   | ymm{kz}, ymm, ymm/m256/b64 | RVM | EVEX.256.66.0F38.W1 36 /r
vpermq   | zmm{kz}, zmm, zmm/m512/b64 | RVM | EVEX.512.66.0F38.W1 36 /r
vpermq   | ymm{kz}, ymm/m256/b64, imm8 | RMI | EVEX.256.66.0F3A.W1 00 /r ib
vpermq   | zmm{kz}, zmm/m512/b64, imm8 | RMI | EVEX.512.66.0F3A.W1 00 /r ib
vpermw   | V{kz}, V, V/mV | RVM | EVEX.L.66.0F38.W1 8D /r
vpermi2d | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 76 /r
vpermi2q | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 76 /r
vpermt2d | V{kz}, V, V/mV/b32 | RVM | EVEX.L.66.0F38.W0 7E /r
vpermt2q | V{kz}, V, V/mV/b64 | RVM | EVEX.L.66.0F38.W1 7E /r
vperm2i128 | ymm, ymm, ymm/m256, imm8 | RVMI | VEX.256.66.0F3A.W0 46 /r ib
valignd  | V{kz}, V, V/mV/b32, imm8 | RVMI | EVEX.L.66.0F3A.W0 03 /r ib
valignq  | V{kz}, V, V/mV/b64, imm8 | RVMI | EVEX.L.66.0F3A.W1 03 /r ib
vpcompressd | V/mV{kz}, V | MR | EVEX.L.66.0F38.W0 8B /r N=4
vpcompressq | V/mV{kz}, V | MR | EVEX.L.66.0F38.W1 8B /r N=8
vpexpandd   | V{kz}, V/mV | RM | EVEX.L.66.0F38.W0 89 /r N=4
vpexpandq   | V{kz}, V/mV | RM | EVEX.L.66.0F38.W1 89 /r N=8
vpconflictd | V{kz}, V/mV/b32 | RM | EVEX.L.66.0F38.W0 C4 /r
vpconflictq | V{kz}, V/mV/b64 | RM | EVEX.L.66.0F38.W1 C4 /r
vplzcntd    | V{kz}, V/mV/b32 | RM | EVEX.L.66.0F38.W0 44 /r
vplzcntq    | V{kz}, V/mV/b64 | RM | EVEX.L.66.0F38.W1 44 /r

# zero/sign extension: the source is a half, quarter or eighth of the destination vector
@each pmovsxbw:20:H:64:H pmovsxbd:21:Q:32:xmm pmovsxbq:22:O:16:xmm pmovsxwd:23:H:64:H pmovsxwq:24:Q:32:xmm pmovsxdq:25:H:64:H pmovzxbw:30:H:64:H pmovzxbd:31:Q:32:xmm pmovzxbq:32:O:16:xmm pmovzxwd:33:H:64:H pmovzxwq:34:Q:32:xmm pmovzxdq:35:H:64:H
$0  | xmm, xmm/m$3 | RM | 66 0F 38 $1 /r
v$0 | V, $4/m$2 | RM | VEX.L.66.0F38.WIG $1 /r
v$0 | V{kz}, $4/m$2 | RM | EVEX.L.66.0F38.WIG $1 /r
@end

# moves between vector and GP registers / memory
movd   | xmm, r/m32 | RM | 66 0F 6E /r
movd   | r/m32, xmm | MR | 66 0F 7E /r
# LLVM also reads movd with a 64-bit register as movq (the REX.W form)
movd   | xmm, r64 | RM | 66 REX.W 0F 6E /r
movd   | r64, xmm | MR | 66 REX.W 0F 7E /r
movq   | xmm, xmm/m64 | RM | F3 0F 7E /r
movq   | xmm/m64, xmm | MR | 66 0F D6 /r
movq   | xmm, r/m64 | RM | 66 REX.W 0F 6E /r
movq   | r/m64, xmm | MR | 66 REX.W 0F 7E /r
vmovd  | xmm, r/m32 | RM | VEX.128.66.0F.W0 6E /r
vmovd  | r/m32, xmm | MR | VEX.128.66.0F.W0 7E /r
vmovd  | xmm, r64 | RM | VEX.128.66.0F.W1 6E /r
vmovd  | r64, xmm | MR | VEX.128.66.0F.W1 7E /r
vmovq  | xmm, xmm/m64 | RM | VEX.128.F3.0F.WIG 7E /r rev=66.D6
vmovq  | xmm/m64, xmm | MR | VEX.128.66.0F.WIG D6 /r
vmovq  | xmm, r/m64 | RM | VEX.128.66.0F.W1 6E /r
vmovq  | r/m64, xmm | MR | VEX.128.66.0F.W1 7E /r
vmovd  | xmm, r/m32 | RM | EVEX.128.66.0F.W0 6E /r
vmovd  | r/m32, xmm | MR | EVEX.128.66.0F.W0 7E /r
vmovd  | xmm, r64 | RM | EVEX.128.66.0F.W1 6E /r
vmovd  | r64, xmm | MR | EVEX.128.66.0F.W1 7E /r
vmovq  | xmm, xmm/m64 | RM | EVEX.128.F3.0F.W1 7E /r
vmovq  | xmm/m64, xmm | MR | EVEX.128.66.0F.W1 D6 /r
vmovq  | xmm, r/m64 | RM | EVEX.128.66.0F.W1 6E /r
vmovq  | r/m64, xmm | MR | EVEX.128.66.0F.W1 7E /r
@each movdqa:66:vmovdqa32:66:W0:vmovdqa64:66:W1 movdqu:F3:vmovdqu32:F3:W0:vmovdqu64:F3:W1
$0  | xmm, xmm/m128 | RM | $1 0F 6F /r
$0  | m128, xmm | MR | $1 0F 7F /r
v$0 | V, V/mV | RM | VEX.L.$1.0F.WIG 6F /r rev=7F
v$0 | mV, V | MR | VEX.L.$1.0F.WIG 7F /r
$2  | V{kz}, V/mV | RM | EVEX.L.$3.0F.$4 6F /r
$2  | mV{k}, V | MR | EVEX.L.$3.0F.$4 7F /r
$5  | V{kz}, V/mV | RM | EVEX.L.$6.0F.$7 6F /r
$5  | mV{k}, V | MR | EVEX.L.$6.0F.$7 7F /r
@end
vmovdqu8  | V{kz}, V/mV | RM | EVEX.L.F2.0F.W0 6F /r
vmovdqu8  | mV{k}, V | MR | EVEX.L.F2.0F.W0 7F /r
vmovdqu16 | V{kz}, V/mV | RM | EVEX.L.F2.0F.W1 6F /r
vmovdqu16 | mV{k}, V | MR | EVEX.L.F2.0F.W1 7F /r
movntdq   | m128, xmm | MR | 66 0F E7 /r
vmovntdq  | mV, V | MR | VEX.L.66.0F.WIG E7 /r
vmovntdq  | mV, V | MR | EVEX.L.66.0F.W0 E7 /r
movntdqa  | xmm, m128 | RM | 66 0F 38 2A /r
vmovntdqa | V, mV | RM | VEX.L.66.0F38.WIG 2A /r
vmovntdqa | V, mV | RM | EVEX.L.66.0F38.W0 2A /r
lddqu     | xmm, m128 | RM | F2 0F F0 /r
vlddqu    | V, mV | RM | VEX.L.F2.0F.WIG F0 /r
@each r32 r64
pmovmskb  | $0, xmm | RM | 66 0F D7 /r
vpmovmskb | $0, V | RM | VEX.L.66.0F.WIG D7 /r
@end
# SSE2 byte-masked store to the implicit destination [rdi] (DS:RDI): no memory operand is written
maskmovdqu  | xmm, xmm | RM | 66 0F F7 /r
vmaskmovdqu | xmm, xmm | RM | VEX.128.66.0F.WIG F7 /r

# element inserts/extracts
pinsrb  | xmm, r32/m8, imm8  | RMI | 66 0F 3A 20 /r ib
pinsrw  | xmm, r32/m16, imm8 | RMI | 66 0F C4 /r ib
pinsrd  | xmm, r/m32, imm8   | RMI | 66 0F 3A 22 /r ib
pinsrq  | xmm, r/m64, imm8   | RMI | 66 REX.W 0F 3A 22 /r ib
vpinsrb | xmm, xmm, r32/m8, imm8  | RVMI | VEX.128.66.0F3A.W0 20 /r ib
vpinsrw | xmm, xmm, r32/m16, imm8 | RVMI | VEX.128.66.0F.W0 C4 /r ib
vpinsrd | xmm, xmm, r/m32, imm8   | RVMI | VEX.128.66.0F3A.W0 22 /r ib
vpinsrq | xmm, xmm, r/m64, imm8   | RVMI | VEX.128.66.0F3A.W1 22 /r ib
vpinsrb | xmm, xmm, r32/m8, imm8  | RVMI | EVEX.128.66.0F3A.WIG 20 /r ib
vpinsrw | xmm, xmm, r32/m16, imm8 | RVMI | EVEX.128.66.0F.WIG C4 /r ib
vpinsrd | xmm, xmm, r/m32, imm8   | RVMI | EVEX.128.66.0F3A.W0 22 /r ib
vpinsrq | xmm, xmm, r/m64, imm8   | RVMI | EVEX.128.66.0F3A.W1 22 /r ib
pextrb  | r32/m8, xmm, imm8 | MRI | 66 0F 3A 14 /r ib
pextrw  | r32, xmm, imm8    | RMI | 66 0F C5 /r ib
pextrw  | m16, xmm, imm8    | MRI | 66 0F 3A 15 /r ib
pextrd  | r/m32, xmm, imm8  | MRI | 66 0F 3A 16 /r ib
pextrq  | r/m64, xmm, imm8  | MRI | 66 REX.W 0F 3A 16 /r ib
vpextrb | r32/m8, xmm, imm8 | MRI | VEX.128.66.0F3A.W0 14 /r ib
vpextrw | r32, xmm, imm8    | RMI | VEX.128.66.0F.W0 C5 /r ib
vpextrw | m16, xmm, imm8    | MRI | VEX.128.66.0F3A.W0 15 /r ib
vpextrd | r/m32, xmm, imm8  | MRI | VEX.128.66.0F3A.W0 16 /r ib
vpextrq | r/m64, xmm, imm8  | MRI | VEX.128.66.0F3A.W1 16 /r ib
vpextrb | r32/m8, xmm, imm8 | MRI | EVEX.128.66.0F3A.WIG 14 /r ib
vpextrw | r32, xmm, imm8    | RMI | EVEX.128.66.0F.WIG C5 /r ib
vpextrw | m16, xmm, imm8    | MRI | EVEX.128.66.0F3A.WIG 15 /r ib
vpextrd | r/m32, xmm, imm8  | MRI | EVEX.128.66.0F3A.W0 16 /r ib
vpextrq | r/m64, xmm, imm8  | MRI | EVEX.128.66.0F3A.W1 16 /r ib
# byte and word elements also go to (and come from) a 64-bit register: the same encodings, the upper
# bits zeroed on extract and ignored on insert (the SDM's "reg"; LLVM accepts both register sizes)
pinsrb  | xmm, r64, imm8  | RMI | 66 0F 3A 20 /r ib
pinsrw  | xmm, r64, imm8  | RMI | 66 0F C4 /r ib
vpinsrb | xmm, xmm, r64, imm8  | RVMI | VEX.128.66.0F3A.W0 20 /r ib
vpinsrw | xmm, xmm, r64, imm8  | RVMI | VEX.128.66.0F.W0 C4 /r ib
vpinsrb | xmm, xmm, r64, imm8  | RVMI | EVEX.128.66.0F3A.WIG 20 /r ib
vpinsrw | xmm, xmm, r64, imm8  | RVMI | EVEX.128.66.0F.WIG C4 /r ib
pextrb  | r64, xmm, imm8 | MRI | 66 0F 3A 14 /r ib
pextrw  | r64, xmm, imm8 | RMI | 66 0F C5 /r ib
vpextrb | r64, xmm, imm8 | MRI | VEX.128.66.0F3A.W0 14 /r ib
vpextrw | r64, xmm, imm8 | RMI | VEX.128.66.0F.W0 C5 /r ib
vpextrb | r64, xmm, imm8 | MRI | EVEX.128.66.0F3A.WIG 14 /r ib
vpextrw | r64, xmm, imm8 | RMI | EVEX.128.66.0F.WIG C5 /r ib
phminposuw  | xmm, xmm/m128 | RM | 66 0F 38 41 /r
vphminposuw | xmm, xmm/m128 | RM | VEX.128.66.0F38.WIG 41 /r
mpsadbw  | xmm, xmm/m128, imm8 | RMI | 66 0F 3A 42 /r ib
vmpsadbw | V, V, V/mV, imm8 | RVMI | VEX.L.66.0F3A.WIG 42 /r ib

# broadcasts and 128/256-bit lanes
vpbroadcastb | V, xmm/m8  | RM | VEX.L.66.0F38.W0 78 /r
vpbroadcastw | V, xmm/m16 | RM | VEX.L.66.0F38.W0 79 /r
vpbroadcastd | V, xmm/m32 | RM | VEX.L.66.0F38.W0 58 /r
vpbroadcastq | V, xmm/m64 | RM | VEX.L.66.0F38.W0 59 /r
vpbroadcastb | V{kz}, xmm/m8  | RM | EVEX.L.66.0F38.W0 78 /r
vpbroadcastw | V{kz}, xmm/m16 | RM | EVEX.L.66.0F38.W0 79 /r
vpbroadcastd | V{kz}, xmm/m32 | RM | EVEX.L.66.0F38.W0 58 /r
vpbroadcastq | V{kz}, xmm/m64 | RM | EVEX.L.66.0F38.W1 59 /r
vpbroadcastb | V{kz}, r32 | RM | EVEX.L.66.0F38.W0 7A /r
vpbroadcastw | V{kz}, r32 | RM | EVEX.L.66.0F38.W0 7B /r
vpbroadcastd | V{kz}, r32 | RM | EVEX.L.66.0F38.W0 7C /r
vpbroadcastq | V{kz}, r64 | RM | EVEX.L.66.0F38.W1 7C /r
vbroadcasti128  | ymm, m128 | RM | VEX.256.66.0F38.W0 5A /r
vbroadcasti32x4 | ymm{kz}, m128 | RM | EVEX.256.66.0F38.W0 5A /r
vbroadcasti32x4 | zmm{kz}, m128 | RM | EVEX.512.66.0F38.W0 5A /r
vbroadcasti64x4 | zmm{kz}, m256 | RM | EVEX.512.66.0F38.W1 5B /r
# AVX512DQ: 2x32 bits (also into xmm), 2x64 and 8x32 bits
vbroadcasti32x2 | V{kz}, xmm/m64 | RM | EVEX.L.66.0F38.W0 59 /r
vbroadcasti64x2 | ymm{kz}, m128 | RM | EVEX.256.66.0F38.W1 5A /r
vbroadcasti64x2 | zmm{kz}, m128 | RM | EVEX.512.66.0F38.W1 5A /r
vbroadcasti32x8 | zmm{kz}, m256 | RM | EVEX.512.66.0F38.W0 5B /r
# AVX512CD: an opmask, zero-extended into every element
vpbroadcastmb2q | V, k | RM | EVEX.L.F3.0F38.W1 2A /r
vpbroadcastmw2d | V, k | RM | EVEX.L.F3.0F38.W0 3A /r
vinserti128  | ymm, ymm, xmm/m128, imm8 | RVMI | VEX.256.66.0F3A.W0 38 /r ib
vextracti128 | xmm/m128, ymm, imm8 | MRI | VEX.256.66.0F3A.W0 39 /r ib
vinserti32x4 | ymm{kz}, ymm, xmm/m128, imm8 | RVMI | EVEX.256.66.0F3A.W0 38 /r ib
vinserti32x4 | zmm{kz}, zmm, xmm/m128, imm8 | RVMI | EVEX.512.66.0F3A.W0 38 /r ib
vinserti64x4 | zmm{kz}, zmm, ymm/m256, imm8 | RVMI | EVEX.512.66.0F3A.W1 3A /r ib
vextracti32x4 | xmm{kz}, ymm, imm8 | MRI | EVEX.256.66.0F3A.W0 39 /r ib
vextracti32x4 | xmm{kz}, zmm, imm8 | MRI | EVEX.512.66.0F3A.W0 39 /r ib
vextracti32x4 | m128{k}, ymm, imm8 | MRI | EVEX.256.66.0F3A.W0 39 /r ib
vextracti32x4 | m128{k}, zmm, imm8 | MRI | EVEX.512.66.0F3A.W0 39 /r ib
vextracti64x4 | ymm{kz}, zmm, imm8 | MRI | EVEX.512.66.0F3A.W1 3B /r ib
vextracti64x4 | m256{k}, zmm, imm8 | MRI | EVEX.512.66.0F3A.W1 3B /r ib
vinserti64x2  | ymm{kz}, ymm, xmm/m128, imm8 | RVMI | EVEX.256.66.0F3A.W1 38 /r ib
vinserti64x2  | zmm{kz}, zmm, xmm/m128, imm8 | RVMI | EVEX.512.66.0F3A.W1 38 /r ib
vinserti32x8  | zmm{kz}, zmm, ymm/m256, imm8 | RVMI | EVEX.512.66.0F3A.W0 3A /r ib
vextracti64x2 | xmm{kz}, ymm, imm8 | MRI | EVEX.256.66.0F3A.W1 39 /r ib
vextracti64x2 | xmm{kz}, zmm, imm8 | MRI | EVEX.512.66.0F3A.W1 39 /r ib
vextracti64x2 | m128{k}, ymm, imm8 | MRI | EVEX.256.66.0F3A.W1 39 /r ib
vextracti64x2 | m128{k}, zmm, imm8 | MRI | EVEX.512.66.0F3A.W1 39 /r ib
vextracti32x8 | ymm{kz}, zmm, imm8 | MRI | EVEX.512.66.0F3A.W0 3B /r ib
vextracti32x8 | m256{k}, zmm, imm8 | MRI | EVEX.512.66.0F3A.W0 3B /r ib
vshufi32x4 | ymm{kz}, ymm, ymm/m256/b32, imm8 | RVMI | EVEX.256.66.0F3A.W0 43 /r ib
vshufi32x4 | zmm{kz}, zmm, zmm/m512/b32, imm8 | RVMI | EVEX.512.66.0F3A.W0 43 /r ib
vshufi64x2 | ymm{kz}, ymm, ymm/m256/b64, imm8 | RVMI | EVEX.256.66.0F3A.W1 43 /r ib
vshufi64x2 | zmm{kz}, zmm, zmm/m512/b64, imm8 | RVMI | EVEX.512.66.0F3A.W1 43 /r ib

# AVX2 masked loads/stores
vpmaskmovd | V, V, mV | RVM | VEX.L.66.0F38.W0 8C /r
vpmaskmovq | V, V, mV | RVM | VEX.L.66.0F38.W1 8C /r
vpmaskmovd | mV, V, V | MVR | VEX.L.66.0F38.W0 8E /r
vpmaskmovq | mV, V, V | MVR | VEX.L.66.0F38.W1 8E /r
vmaskmovps | V, V, mV | RVM | VEX.L.66.0F38.W0 2C /r
vmaskmovpd | V, V, mV | RVM | VEX.L.66.0F38.W0 2D /r
vmaskmovps | mV, V, V | MVR | VEX.L.66.0F38.W0 2E /r
vmaskmovpd | mV, V, V | MVR | VEX.L.66.0F38.W0 2F /r

# AVX-512 down-converting moves (destination is the narrower one)
@each vpmovdb:31:Q:xmm vpmovsdb:21:Q:xmm vpmovusdb:11:Q:xmm vpmovdw:33:H:H vpmovsdw:23:H:H vpmovusdw:13:H:H vpmovqb:32:O:xmm vpmovsqb:22:O:xmm vpmovusqb:12:O:xmm vpmovqw:34:Q:xmm vpmovsqw:24:Q:xmm vpmovusqw:14:Q:xmm vpmovqd:35:H:H vpmovsqd:25:H:H vpmovusqd:15:H:H vpmovwb:30:H:H vpmovswb:20:H:H vpmovuswb:10:H:H
$0 | $3/m$2{kz}, V | MR | EVEX.L.F3.0F38.W0 $1 /r
@end

# opmask <-> vector
vpmovm2b | V, k | RM | EVEX.L.F3.0F38.W0 28 /r
vpmovm2w | V, k | RM | EVEX.L.F3.0F38.W1 28 /r
vpmovm2d | V, k | RM | EVEX.L.F3.0F38.W0 38 /r
vpmovm2q | V, k | RM | EVEX.L.F3.0F38.W1 38 /r
vpmovb2m | k, V | RM | EVEX.L.F3.0F38.W0 29 /r
vpmovw2m | k, V | RM | EVEX.L.F3.0F38.W1 29 /r
vpmovd2m | k, V | RM | EVEX.L.F3.0F38.W0 39 /r
vpmovq2m | k, V | RM | EVEX.L.F3.0F38.W1 39 /r
`;
