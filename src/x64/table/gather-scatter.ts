/**
 * Gathers and scatters (AVX2 VEX and AVX-512F EVEX), addressed through a vector index (VSIB: SIB.index
 * names an xmm/ymm/zmm register; Intel SDM Vol. 2, 2.3.12). `vm<bits><x|y|z>` is a memory operand of
 * that many bits, indexed by that vector register width; its size is what the gathered elements fill,
 * so a qword-index gather of dwords into xmm reads `vm64x`. The AVX2 forms take their mask as a vector
 * in VEX.vvvv; the EVEX forms need an opmask `{k}` (the hardware clears its bits as elements complete,
 * so k0 — "no mask" — is not encodable). EVEX disp8*N is the element size (Tuple1 Scalar).
 */
export const GATHER_SCATTER_TABLE = `
# dword index, dword elements
@each vpgatherdd:90:W0 vgatherdps:92:W0
$0 | xmm, vm128x, xmm | RMV | VEX.128.66.0F38.$2 $1 /r
$0 | ymm, vm256y, ymm | RMV | VEX.256.66.0F38.$2 $1 /r
$0 | xmm{K}, vm128x   | RM  | EVEX.128.66.0F38.$2 $1 /r N=4
$0 | ymm{K}, vm256y   | RM  | EVEX.256.66.0F38.$2 $1 /r N=4
$0 | zmm{K}, vm512z   | RM  | EVEX.512.66.0F38.$2 $1 /r N=4
@end
# dword index, qword elements: the index vector is half the width of the data
@each vpgatherdq:90:W1 vgatherdpd:92:W1
$0 | xmm, vm128x, xmm | RMV | VEX.128.66.0F38.$2 $1 /r
$0 | ymm, vm256x, ymm | RMV | VEX.256.66.0F38.$2 $1 /r
$0 | xmm{K}, vm128x   | RM  | EVEX.128.66.0F38.$2 $1 /r N=8
$0 | ymm{K}, vm256x   | RM  | EVEX.256.66.0F38.$2 $1 /r N=8
$0 | zmm{K}, vm512y   | RM  | EVEX.512.66.0F38.$2 $1 /r N=8
@end
# qword index, dword elements: the data is half the width of the index vector
@each vpgatherqd:91:W0 vgatherqps:93:W0
$0 | xmm, vm64x, xmm  | RMV | VEX.128.66.0F38.$2 $1 /r
$0 | xmm, vm128y, xmm | RMV | VEX.256.66.0F38.$2 $1 /r
$0 | xmm{K}, vm64x    | RM  | EVEX.128.66.0F38.$2 $1 /r N=4
$0 | xmm{K}, vm128y   | RM  | EVEX.256.66.0F38.$2 $1 /r N=4
$0 | ymm{K}, vm256z   | RM  | EVEX.512.66.0F38.$2 $1 /r N=4
@end
# qword index, qword elements
@each vpgatherqq:91:W1 vgatherqpd:93:W1
$0 | xmm, vm128x, xmm | RMV | VEX.128.66.0F38.$2 $1 /r
$0 | ymm, vm256y, ymm | RMV | VEX.256.66.0F38.$2 $1 /r
$0 | xmm{K}, vm128x   | RM  | EVEX.128.66.0F38.$2 $1 /r N=8
$0 | ymm{K}, vm256y   | RM  | EVEX.256.66.0F38.$2 $1 /r N=8
$0 | zmm{K}, vm512z   | RM  | EVEX.512.66.0F38.$2 $1 /r N=8
@end

# scatters (AVX-512F only): the same four index/element shapes, the memory operand first
@each vpscatterdd:A0:W0 vscatterdps:A2:W0
$0 | vm128x{K}, xmm | MR | EVEX.128.66.0F38.$2 $1 /r N=4
$0 | vm256y{K}, ymm | MR | EVEX.256.66.0F38.$2 $1 /r N=4
$0 | vm512z{K}, zmm | MR | EVEX.512.66.0F38.$2 $1 /r N=4
@end
@each vpscatterdq:A0:W1 vscatterdpd:A2:W1
$0 | vm128x{K}, xmm | MR | EVEX.128.66.0F38.$2 $1 /r N=8
$0 | vm256x{K}, ymm | MR | EVEX.256.66.0F38.$2 $1 /r N=8
$0 | vm512y{K}, zmm | MR | EVEX.512.66.0F38.$2 $1 /r N=8
@end
@each vpscatterqd:A1:W0 vscatterqps:A3:W0
$0 | vm64x{K}, xmm  | MR | EVEX.128.66.0F38.$2 $1 /r N=4
$0 | vm128y{K}, xmm | MR | EVEX.256.66.0F38.$2 $1 /r N=4
$0 | vm256z{K}, ymm | MR | EVEX.512.66.0F38.$2 $1 /r N=4
@end
@each vpscatterqq:A1:W1 vscatterqpd:A3:W1
$0 | vm128x{K}, xmm | MR | EVEX.128.66.0F38.$2 $1 /r N=8
$0 | vm256y{K}, ymm | MR | EVEX.256.66.0F38.$2 $1 /r N=8
$0 | vm512z{K}, zmm | MR | EVEX.512.66.0F38.$2 $1 /r N=8
@end
`;
