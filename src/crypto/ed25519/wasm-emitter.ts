/**
 * A minimal WebAssembly binary emitter (WebAssembly Core Specification 2.0,
 * §5 "Binary Format"): enough to generate the Ed25519 arithmetic at load time,
 * so that no binary is committed, fetched or built by a separate step. One
 * module with one memory, functions with i32/i64 parameters and locals, and
 * only the instructions the field and point code use.
 */

export const I32 = 0x7f;
export const I64 = 0x7e;
/** The SIMD vector type (spec §5.3.1), used by the Montgomery arithmetic. */
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof I64 | typeof V128;

/** Unsigned LEB128 (spec §5.2.2). */
export function uleb(n: number, out: number[]): void {
  let v = n >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
}

/** Signed LEB128 of a bigint (i64.const needs the full 64-bit range). */
function sleb(n: bigint, out: number[]): void {
  let v = n;
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

/** One function's body: parameters, locals declared as they are needed, and code. */
export class Fn {
  readonly code: number[] = [];
  private readonly locals: ValType[] = [];

  constructor(
    readonly name: string,
    readonly params: readonly ValType[],
    readonly result: ValType | undefined = undefined,
    readonly exported = true,
  ) {}

  /** A new local of the given type; returns its index. */
  local(type: ValType): number {
    this.locals.push(type);
    return this.params.length + this.locals.length - 1;
  }

  /** Local declarations, run-length encoded (spec §5.5.13). */
  encodeLocals(out: number[]): void {
    const runs: [number, ValType][] = [];
    for (const t of this.locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    uleb(runs.length, out);
    for (const [n, t] of runs) {
      uleb(n, out);
      out.push(t);
    }
  }

  protected op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }
  protected memarg(opcode: number, align: number, offset: number): this {
    this.code.push(opcode, align);
    uleb(offset, this.code);
    return this;
  }

  get(i: number) {
    this.code.push(0x20);
    uleb(i, this.code);
    return this;
  }
  set(i: number) {
    this.code.push(0x21);
    uleb(i, this.code);
    return this;
  }
  tee(i: number) {
    this.code.push(0x22);
    uleb(i, this.code);
    return this;
  }
  i32(n: number) {
    this.code.push(0x41);
    sleb(BigInt(n | 0), this.code);
    return this;
  }
  i64(n: bigint | number) {
    this.code.push(0x42);
    sleb(BigInt.asIntN(64, BigInt(n)), this.code);
    return this;
  }
  call(index: number) {
    this.code.push(0x10);
    uleb(index, this.code);
    return this;
  }

  // Memory access, with the natural alignment as a hint.
  load32s64 = (offset = 0) => this.memarg(0x34, 2, offset); // i64.load32_s
  store32from64 = (offset = 0) => this.memarg(0x3e, 2, offset); // i64.store32
  loadI32 = (offset = 0) => this.memarg(0x28, 2, offset);
  storeI32 = (offset = 0) => this.memarg(0x36, 2, offset);
  load8s = (offset = 0) => this.memarg(0x2c, 0, offset); // i32.load8_s
  load8u = (offset = 0) => this.memarg(0x2d, 0, offset); // i32.load8_u

  // Control (block type 0x40: no result).
  block = () => this.op(0x02, 0x40);
  loop = () => this.op(0x03, 0x40);
  if_ = () => this.op(0x04, 0x40);
  else_ = () => this.op(0x05);
  end = () => this.op(0x0b);
  br = (depth: number) => this.op(0x0c, depth);
  brIf = (depth: number) => this.op(0x0d, depth);
  return_ = () => this.op(0x0f);
  drop = () => this.op(0x1a);

  // i32
  i32eqz = () => this.op(0x45);
  i32eq = () => this.op(0x46);
  i32ne = () => this.op(0x47);
  i32ltu = () => this.op(0x49);
  i32geu = () => this.op(0x4f);
  i32add = () => this.op(0x6a);
  i32sub = () => this.op(0x6b);
  i32mul = () => this.op(0x6c);
  i32and = () => this.op(0x71);
  i32or = () => this.op(0x72);
  i32xor = () => this.op(0x73);
  i32shl = () => this.op(0x74);
  i32shrU = () => this.op(0x76);

  // i64
  i64eqz = () => this.op(0x50);
  i64add = () => this.op(0x7c);
  i64sub = () => this.op(0x7d);
  i64mul = () => this.op(0x7e);
  i64and = () => this.op(0x83);
  i64or = () => this.op(0x84);
  i64xor = () => this.op(0x85);
  i64shl = () => this.op(0x86);
  i64shrS = () => this.op(0x87);
  i64shrU = () => this.op(0x88);
  i32wrap = () => this.op(0xa7);
  i64extendI32u = () => this.op(0xad);
}

function section(id: number, content: number[], out: number[]): void {
  out.push(id);
  uleb(content.length, out);
  out.push(...content);
}

function name(s: string, out: number[]): void {
  const bytes = new TextEncoder().encode(s);
  uleb(bytes.length, out);
  out.push(...bytes);
}

/**
 * The module's bytes: functions in the order given (their indices are their
 * positions), one memory of `pages` 64 KiB pages exported as `memory`.
 */
export function emitModule(fns: readonly Fn[], pages: number): Uint8Array {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  // Type section: one function type per function, for simplicity.
  const types: number[] = [];
  uleb(fns.length, types);
  for (const f of fns) {
    types.push(0x60);
    uleb(f.params.length, types);
    types.push(...f.params);
    if (f.result === undefined) types.push(0);
    else types.push(1, f.result);
  }
  section(1, types, out);
  const funcs: number[] = [];
  uleb(fns.length, funcs);
  fns.forEach((_, i) => {
    uleb(i, funcs);
  });
  section(3, funcs, out);
  const memory: number[] = [1, 0];
  uleb(pages, memory);
  section(5, memory, out);
  const exports: number[] = [];
  const exported = fns.filter((f) => f.exported);
  uleb(exported.length + 1, exports);
  name('memory', exports);
  exports.push(0x02, 0);
  fns.forEach((f, i) => {
    if (!f.exported) return;
    name(f.name, exports);
    exports.push(0x00);
    uleb(i, exports);
  });
  section(7, exports, out);
  const code: number[] = [];
  uleb(fns.length, code);
  for (const f of fns) {
    const body: number[] = [];
    f.encodeLocals(body);
    body.push(...f.code, 0x0b);
    uleb(body.length, code);
    code.push(...body);
  }
  section(10, code, out);
  return Uint8Array.from(out);
}
