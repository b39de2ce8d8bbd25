/**
 * The SIMD instructions (WebAssembly 2.0 "fixed-width SIMD", spec §5.4.8) that
 * the Montgomery multiplication needs, added to the Ed25519 module's emitter:
 * vector loads and stores, splats, 64-bit lane additions and the widening
 * 32 × 32 → 64-bit multiplications, which are the only way to get a full
 * 64-bit product of two words per lane (there is no scalar multiply-high).
 */
import { Fn, uleb } from '../ed25519/wasm-emitter.ts';

export class SimdFn extends Fn {
  /** An instruction of the 0xfd prefix: its number is an unsigned LEB128. */
  private simd(opcode: number): this {
    this.code.push(0xfd);
    uleb(opcode, this.code);
    return this;
  }
  private simdMem(opcode: number, offset: number): this {
    this.simd(opcode);
    // Alignment hint 2^3: every vector access here is at a multiple of 8 bytes.
    this.code.push(3);
    uleb(offset, this.code);
    return this;
  }

  // Scalar 64-bit memory access, missing from the Ed25519 emitter.
  i64load = (offset = 0) => this.memarg(0x29, 3, offset);
  i64load32u = (offset = 0) => this.memarg(0x35, 2, offset);
  /** i32.load16_u: the digits of a multi-exponentiation are 16-bit words. */
  load16u = (offset = 0) => this.memarg(0x2f, 1, offset);

  v128load = (offset = 0) => this.simdMem(0x00, offset);
  v128store = (offset = 0) => this.simdMem(0x0b, offset);
  i32x4splat = () => this.simd(0x11);
  i64x2add = () => this.simd(0xce);
  /** Lanes 0 and 1 of two i32x4, multiplied pairwise into two unsigned 64-bit lanes. */
  i64x2extmulLowU = () => this.simd(0xde);
  /** The same with lanes 2 and 3. */
  i64x2extmulHighU = () => this.simd(0xdf);
}
