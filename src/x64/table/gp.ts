/**
 * General-purpose integer instructions (Intel SDM Vol. 2). Format and macros: see table-expand.ts.
 * Order matters: the first form that accepts the operands is used, so shorter encodings come first
 * (sign-extended imm8 before the accumulator form before the full immediate), and register-to-register
 * forms list the ModRM.rm-destination opcode first, as reference assemblers do.
 */
export const GP_TABLE = `
# name | opcodes: r/m8,r8  r/mv,rv  r8,r/m8  rv,r/mv  al,imm8  av,immz | group digit
@each add:00:01:02:03:04:05:0 or:08:09:0A:0B:0C:0D:1 adc:10:11:12:13:14:15:2 sbb:18:19:1A:1B:1C:1D:3 and:20:21:22:23:24:25:4 sub:28:29:2A:2B:2C:2D:5 xor:30:31:32:33:34:35:6 cmp:38:39:3A:3B:3C:3D:7
$0 | r/m8, r8     | MR | $1 /r
$0 | r/mv, rv     | MR | $2 /r
$0 | r8, r/m8     | RM | $3 /r
$0 | rv, r/mv     | RM | $4 /r
$0 | al, imm8     | ZI | $5 ib
$0 | r/m8, imm8   | MI | 80 /$7 ib
$0 | r/mv, simm8  | MI | 83 /$7 ib
$0 | av, immz     | ZI | $6 iz
$0 | r/mv, immz   | MI | 81 /$7 iz
@end

test | r/m8, r8    | MR | 84 /r
test | r/mv, rv    | MR | 85 /r
test | al, imm8    | ZI | A8 ib
test | av, immz    | ZI | A9 iz
test | r/m8, imm8  | MI | F6 /0 ib
test | r/mv, immz  | MI | F7 /0 iz
# test is commutative: with the memory operand second, the same 84/85 encoding (LLVM accepts this order too)
test | r8, m8      | RM | 84 /r
test | rv, mv      | RM | 85 /r

mov | r/m8, r8       | MR | 88 /r
mov | r/mv, rv       | MR | 89 /r
mov | r8, r/m8       | RM | 8A /r
mov | rv, r/mv       | RM | 8B /r
mov | r8, imm8       | OI | B0+r ib
mov | r16, imm16     | OI | 66 B8+r iw
mov | r32, imm32     | OI | B8+r id
# a sign-extended imm32 (7 bytes) is shorter than movabs (10 bytes) when the value fits
mov | r/m64, imm32   | MI | REX.W C7 /0 id
mov | r64, imm64     | OI | REX.W B8+r iq
mov | r/m8, imm8      | MI | C6 /0 ib
mov | r/m16, imm16    | MI | 66 C7 /0 iw
mov | r/m32, imm32    | MI | C7 /0 id
movabs | r64, imm64  | OI | REX.W B8+r iq
# the accumulator to/from a 64-bit absolute address (moffs) written after the opcode, with no ModRM
movabs | al, moffs8   | ZA | A0
movabs | ax, moffs16  | ZA | 66 A1
movabs | eax, moffs32 | ZA | A1
movabs | rax, moffs64 | ZA | REX.W A1
movabs | moffs8, al   | AZ | A2
movabs | moffs16, ax  | AZ | 66 A3
movabs | moffs32, eax | AZ | A3
movabs | moffs64, rax | AZ | REX.W A3

lea    | rv, m        | RM | 8D /r
movzx  | rv, r/m8     | RM | 0F B6 /r
movzx  | ry, r/m16    | RM | 0F B7 /r
movsx  | rv, r/m8     | RM | 0F BE /r
movsx  | ry, r/m16    | RM | 0F BF /r
movsxd | r64, r/m32   | RM | REX.W 63 /r

@each inc:FE:FF:0 dec:FE:FF:1 not:F6:F7:2 neg:F6:F7:3 mul:F6:F7:4 imul:F6:F7:5 div:F6:F7:6 idiv:F6:F7:7
$0 | r/m8 | M | $1 /$3
$0 | r/mv | M | $2 /$3
@end
imul | rv, r/mv         | RM  | 0F AF /r
imul | rv, r/mv, simm8  | RMI | 6B /r ib
imul | rv, r/mv, immz   | RMI | 69 /r iz
# two-operand immediate form: the destination is also the source (imul eax, 5 = imul eax, eax, 5)
imul | rv, simm8        | BI  | 6B /r ib
imul | rv, immz         | BI  | 69 /r iz

@each rol:0 ror:1 rcl:2 rcr:3 shl:4 sal:4 shr:5 sar:7
$0 | r/m8, 1     | MZ | D0 /$1
$0 | r/m8, cl    | MZ | D2 /$1
$0 | r/m8, imm8  | MI | C0 /$1 ib
$0 | r/mv, 1     | MZ | D1 /$1
$0 | r/mv, cl    | MZ | D3 /$1
$0 | r/mv, imm8  | MI | C1 /$1 ib
$0 | r/m8        | M  | D0 /$1
$0 | r/mv        | M  | D1 /$1
@end
@each shld:A4:A5 shrd:AC:AD
$0 | r/mv, rv, imm8 | MRI | 0F $1 /r ib
$0 | r/mv, rv, cl   | MRZ | 0F $2 /r
@end

@each bt:A3:4 bts:AB:5 btr:B3:6 btc:BB:7
$0 | r/mv, rv   | MR | 0F $1 /r
$0 | r/mv, imm8 | MI | 0F BA /$2 ib
@end
bsf    | rv, r/mv | RM | 0F BC /r
bsr    | rv, r/mv | RM | 0F BD /r
tzcnt  | rv, r/mv | RM | F3 0F BC /r
lzcnt  | rv, r/mv | RM | F3 0F BD /r
popcnt | rv, r/mv | RM | F3 0F B8 /r
bswap  | ry       | O  | 0F C8+r

# BMI1 / BMI2
andn   | ry, ry, r/my   | RVM | VEX.LZ.0F38.Wy F2 /r
bextr  | ry, r/my, ry   | RMV | VEX.LZ.0F38.Wy F7 /r
blsi   | ry, r/my       | VM  | VEX.LZ.0F38.Wy F3 /3
blsmsk | ry, r/my       | VM  | VEX.LZ.0F38.Wy F3 /2
blsr   | ry, r/my       | VM  | VEX.LZ.0F38.Wy F3 /1
bzhi   | ry, r/my, ry   | RMV | VEX.LZ.0F38.Wy F5 /r
mulx   | ry, ry, r/my   | RVM | VEX.LZ.F2.0F38.Wy F6 /r
pdep   | ry, ry, r/my   | RVM | VEX.LZ.F2.0F38.Wy F5 /r
pext   | ry, ry, r/my   | RVM | VEX.LZ.F3.0F38.Wy F5 /r
rorx   | ry, r/my, imm8 | RMI | VEX.LZ.F2.0F3A.Wy F0 /r ib
sarx   | ry, r/my, ry   | RMV | VEX.LZ.F3.0F38.Wy F7 /r
shlx   | ry, r/my, ry   | RMV | VEX.LZ.66.0F38.Wy F7 /r
shrx   | ry, r/my, ry   | RMV | VEX.LZ.F2.0F38.Wy F7 /r

set<cc>  | r/m8     | M  | 0F 90+cc /0
cmov<cc> | rv, r/mv | RM | 0F 40+cc /r
# rel32 first: an absolute (bigint) target is out of the assembler's sight, so it takes the long form;
# branches to labels pick rel8 or rel32 during relaxation
j<cc>  | rel32 | D | 0F 80+cc cd
j<cc>  | rel8  | D | 70+cc cb
jmp    | rel32 | D | E9 cd
jmp    | rel8  | D | EB cb
jmp    | r/m64 | M | FF /4
call   | rel32 | D | E8 cd
call   | r/m64 | M | FF /2
jrcxz  | rel8  | D | E3 cb
# the 0x67 address-size prefix makes E3 test ecx instead of rcx
jecxz  | rel8  | D | 67 E3 cb
loop   | rel8  | D | E2 cb
loope  | rel8  | D | E1 cb
loopne | rel8  | D | E0 cb
ret    |       | - | C3
ret    | imm16 | I | C2 iw

push | r64    | O | 50+r
push | r16    | O | 66 50+r
push | r/m64  | M | FF /6
push | r/m16  | M | 66 FF /6
push | simm8  | I | 6A ib
push | imm32  | I | 68 id
pop  | r64    | O | 58+r
pop  | r16    | O | 66 58+r
pop  | r/m64  | M | 8F /0
pop  | r/m16  | M | 66 8F /0
pushfq |      | - | 9C
popfq  |      | - | 9D
# in 64-bit mode pushf/popf default to the 64-bit flags image: LLVM reads them as pushfq/popfq
pushf  |      | - | 9C
popf   |      | - | 9D

# xchg eax, eax must not become 90 (nop), which would not zero the upper half of rax
xchg | eax, eax   | MR | 87 /r
# xchg rax, rax exchanges nothing and changes nothing: 90 is the shortest encoding (LLVM emits it too)
xchg | rax, rax   | ZZ | 90
xchg | av, rv     | ZO | 90+r
xchg | rv, av     | OZ | 90+r
xchg | r8, r/m8   | RM | 86 /r
xchg | r/m8, r8   | MR | 86 /r
# register pairs put the first operand in ModRM.reg, as LLVM does (and as for 86 above)
xchg | rv, r/mv   | RM | 87 /r
xchg | r/mv, rv   | MR | 87 /r
cmpxchg    | r/m8, r8 | MR | 0F B0 /r
cmpxchg    | r/mv, rv | MR | 0F B1 /r
cmpxchg8b  | m64      | M  | 0F C7 /1
cmpxchg16b | m128     | M  | REX.W 0F C7 /1
xadd       | r/m8, r8 | MR | 0F C0 /r
xadd       | r/mv, rv | MR | 0F C1 /r

cbw  | | - | 66 98
cwde | | - | 98
cdqe | | - | REX.W 98
cwd  | | - | 66 99
cdq  | | - | 99
cqo  | | - | REX.W 99

@each movs:A4:A5 stos:AA:AB lods:AC:AD scas:AE:AF cmps:A6:A7
$0b | | - | $1
$0w | | - | 66 $2
$0d | | - | $2
$0q | | - | REX.W $2
@end

nop     |       | - | 90
nop     | r/m16 | M | 66 0F 1F /0
nop     | r/m32 | M | 0F 1F /0
nop     | r/m64 | M | REX.W 0F 1F /0
int3    |       | - | CC
int     | imm8  | I | CD ib
ud2     |       | - | 0F 0B
# ud1 raises #UD like ud2; its ModRM operands are decoded but never used (a place to tag traps)
ud1     | rv, r/mv | RM | 0F B9 /r
cpuid   |       | - | 0F A2
rdtsc   |       | - | 0F 31
rdtscp  |       | - | 0F 01 F9
xgetbv  |       | - | 0F 01 D0
pause   |       | - | F3 90
mfence  |       | - | NP 0F AE F0
lfence  |       | - | NP 0F AE E8
sfence  |       | - | NP 0F AE F8
endbr64 |       | - | F3 0F 1E FA
endbr32 |       | - | F3 0F 1E FB
leave   |       | - | C9
# enter: a 16-bit frame size, then an 8-bit nesting level
enter   | imm16, imm8 | II | C8 iw ib
hlt     |       | - | F4
syscall |       | - | 0F 05
clc     |       | - | F8
stc     |       | - | F9
cmc     |       | - | F5
cld     |       | - | FC
std     |       | - | FD
lahf    |       | - | 9F
sahf    |       | - | 9E
# al = [rbx + al] (the table lookup; the operand is implicit)
xlatb   |       | - | D7
movnti      | m32, r32 | MR | 0F C3 /r
movnti      | m64, r64 | MR | REX.W 0F C3 /r
prefetchnta | m8       | M  | 0F 18 /0
prefetcht0  | m8       | M  | 0F 18 /1
prefetcht1  | m8       | M  | 0F 18 /2
prefetcht2  | m8       | M  | 0F 18 /3
clflush     | m8       | M  | 0F AE /7
clflushopt  | m8       | M  | 66 0F AE /7
clwb        | m8       | M  | 66 0F AE /6
# prefetch in anticipation of a write (PREFETCHW)
prefetchw   | m8       | M  | 0F 0D /1

# ADX: add with carry through CF only (adcx) or OF only (adox), for two independent carry chains
adcx  | ry, r/my | RM | 66 0F 38 F6 /r
adox  | ry, r/my | RM | F3 0F 38 F6 /r
# MOVBE: load/store with a byte swap (memory operand only)
movbe | rv, mv   | RM | 0F 38 F0 /r
movbe | mv, rv   | MR | 0F 38 F1 /r
# hardware random numbers (RDRAND, RDSEED: CF=1 when valid) and the processor id (RDPID: TSC_AUX)
rdrand | rv      | M  | 0F C7 /6
rdseed | rv      | M  | 0F C7 /7
rdpid  | r64     | M  | F3 0F C7 /7
`;
