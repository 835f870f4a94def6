import type { CoreKernels, OptionalKernels, PackedMatrix, TypedArray } from '../types.js';

/**
 * A prepared right operand that is B itself, and products that read it with the backend's plain
 * matmul: the composition behind {@link OptionalKernels.packMatmulB} for a backend that has no
 * packed format of its own.
 * @example
 * const { packMatmulB, matmulPacked } = packedMatmulKernels(referenceKernels);
 */
export function packedMatmulKernels(
  core: Pick<CoreKernels, 'matmul'>,
): Pick<OptionalKernels, 'packMatmulB' | 'matmulPacked'> {
  return {
    packMatmulB: (b: TypedArray, k: number, n: number, transB: boolean): PackedMatrix => ({
      k,
      n,
      transB,
      source: b,
      data: b,
      layout: 'source',
    }),
    matmulPacked: (a, packed, out, m, accumulate) => {
      const { k, n, transB } = packed;
      core.matmul(a, packed.source, out, {
        batch: 1,
        m,
        n,
        k,
        transA: false,
        transB,
        strideA: 0,
        strideB: 0,
        accumulate,
      });
    },
  };
}
