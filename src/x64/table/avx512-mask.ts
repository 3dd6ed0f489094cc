/**
 * AVX-512 opmask instructions (VEX-encoded): the b/w/d/q suffix is the mask width, selected by the
 * VEX.pp prefix and VEX.W (Intel SDM Vol. 2, "KADDW/KANDW/..."); the logic forms use VEX.L1.
 */
export const AVX512_MASK_TABLE = `
@each kand:41 kandn:42 kor:45 kxnor:46 kxor:47 kadd:4A
$0w | k, k, k | RVM | VEX.L1.0F.W0 $1 /r
$0b | k, k, k | RVM | VEX.L1.66.0F.W0 $1 /r
$0q | k, k, k | RVM | VEX.L1.0F.W1 $1 /r
$0d | k, k, k | RVM | VEX.L1.66.0F.W1 $1 /r
@end
@each knot:44 kortest:98 ktest:99
$0w | k, k | RM | VEX.L0.0F.W0 $1 /r
$0b | k, k | RM | VEX.L0.66.0F.W0 $1 /r
$0q | k, k | RM | VEX.L0.0F.W1 $1 /r
$0d | k, k | RM | VEX.L0.66.0F.W1 $1 /r
@end
kmovw | k, k/m16 | RM | VEX.L0.0F.W0 90 /r
kmovw | m16, k   | MR | VEX.L0.0F.W0 91 /r
kmovw | k, r32   | RM | VEX.L0.0F.W0 92 /r
kmovw | r32, k   | RM | VEX.L0.0F.W0 93 /r
kmovb | k, k/m8  | RM | VEX.L0.66.0F.W0 90 /r
kmovb | m8, k    | MR | VEX.L0.66.0F.W0 91 /r
kmovb | k, r32   | RM | VEX.L0.66.0F.W0 92 /r
kmovb | r32, k   | RM | VEX.L0.66.0F.W0 93 /r
kmovd | k, k/m32 | RM | VEX.L0.66.0F.W1 90 /r
kmovd | m32, k   | MR | VEX.L0.66.0F.W1 91 /r
kmovd | k, r32   | RM | VEX.L0.F2.0F.W0 92 /r
kmovd | r32, k   | RM | VEX.L0.F2.0F.W0 93 /r
kmovq | k, k/m64 | RM | VEX.L0.0F.W1 90 /r
kmovq | m64, k   | MR | VEX.L0.0F.W1 91 /r
kmovq | k, r64   | RM | VEX.L0.F2.0F.W1 92 /r
kmovq | r64, k   | RM | VEX.L0.F2.0F.W1 93 /r
kshiftlw | k, k, imm8 | RMI | VEX.L0.66.0F3A.W1 32 /r ib
kshiftlb | k, k, imm8 | RMI | VEX.L0.66.0F3A.W0 32 /r ib
kshiftlq | k, k, imm8 | RMI | VEX.L0.66.0F3A.W1 33 /r ib
kshiftld | k, k, imm8 | RMI | VEX.L0.66.0F3A.W0 33 /r ib
kshiftrw | k, k, imm8 | RMI | VEX.L0.66.0F3A.W1 30 /r ib
kshiftrb | k, k, imm8 | RMI | VEX.L0.66.0F3A.W0 30 /r ib
kshiftrq | k, k, imm8 | RMI | VEX.L0.66.0F3A.W1 31 /r ib
kshiftrd | k, k, imm8 | RMI | VEX.L0.66.0F3A.W0 31 /r ib
kunpckbw | k, k, k | RVM | VEX.L1.66.0F.W0 4B /r
kunpckwd | k, k, k | RVM | VEX.L1.0F.W0 4B /r
kunpckdq | k, k, k | RVM | VEX.L1.0F.W1 4B /r
`;
