/**
 * A position in the code that branches and RIP/PC-relative operands can name before it is known.
 *
 * `offset` is -1 until the label is bound. `owner` ties the label to the assembler that created it, so
 * binding or using it in another assembler is caught instead of silently producing a wrong displacement.
 */
export class Label {
  offset = -1;
  // initialized as a number so V8 keeps the field an untagged small integer (a declared-only class field
  // is first defined as `undefined`, which widens it to any tagged value)
  readonly id: number = -1;
  readonly owner: object;
  readonly name: string | undefined;

  constructor(id: number, owner: object, name?: string) {
    this.id = id;
    this.owner = owner;
    this.name = name;
  }

  get isBound(): boolean {
    return this.offset >= 0;
  }

  toString(): string {
    return this.name ?? `L${this.id}`;
  }
}
