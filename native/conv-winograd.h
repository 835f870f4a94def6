// Winograd's minimal filtering F(2×2, 3×3) for 3×3 convolutions at stride 1 (Lavin & Gray, "Fast
// Algorithms for Convolutional Neural Networks", 2016): each 2×2 block of outputs ("tile") from
// its 4×4 input patch d and the 3×3 kernel g as Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A, 16 products per input
// channel instead of 36. Summed over the input channels, the 16 elementwise products become 16
// matrix products, one per position ξ of the 4×4 transformed tile:
//   M_ξ [cOut × tiles] = U_ξ [cOut × cIn] · V_ξ [cIn × tiles],  U = G g Gᵀ, V = Bᵀ d B,
// run on the sgemm, with 16·cIn·cOut·tiles multiply-adds against 36 for the direct sum (2.25×
// fewer). The transforms' coefficients are 0, ±1 and ±½, so they add little rounding: the result
// differs from the direct sum by a few float ulp of the terms' magnitude.
//
// The transforms are vector loops over 8 tiles side by side in a row of tiles (AVX2,
// conv-winograd-avx2.cc); the host side is conv-winograd.cc. The path runs where the direct one
// runs 8-lane vectors (NOTE(winograd-takes) in conv-winograd.cc).
#pragma once

#include <cstdint>

#include "conv.h"

namespace nabla {

// Whether convForwardF32 takes the Winograd path for this convolution (3×3 stride 1, enough
// channels and outputs that the products outweigh the transforms, and an AVX2 CPU).
bool winogradTakes(const ConvShape& s, const Window3& w);

// The forward convolution through F(2×2, 3×3); `overSamples` splits the batch over the pool,
// `inside` each sample's tiles (NOTE(inside-samples) in conv.cc).
void winogradForward(const float* x, const float* w, const float* bias, const ConvShape& s, const Window3& win,
                     const ChannelEpilogue* post, bool overSamples, bool inside, float* y);

// U_ξ[co, ci] = (G g Gᵀ)_ξ for the kernels g = w[co, ci] of output channels [co0, co1) (w is
// [cOut, cIn, 3, 3]); the 16 matrices [cOut × cIn] `matrix` floats apart.
void winogradFilterAvx2(const float* w, int64_t cIn, int64_t co0, int64_t co1, int64_t matrix, float* u);

// One block of tile rows of one image, for the ISA kernels. The input is the image padded onto
// stride 2's column phases (conv-wide.h's Padded with phases 2): per channel (`plane` floats apart)
// `width`-float rows of the even padded columns (E), and `odd` floats further the odd ones (O),
// from padded row 2·ty0 of the block on. Tile tx of tile row ty reads E[2ty + i][tx], O[2ty +
// i][tx], E[2ty + i][tx + 1] and O[2ty + i][tx + 1] for its rows i = 0..3. V is 16 matrices
// [channels × ldv], `matrix` floats apart, tile t = ty·tilesW + tx of the block in column t.
struct WinogradTiles {
  int64_t tileRows, tilesW, width, odd, plane, ldv, matrix;
};
// V_ξ[c, t] = (Bᵀ d B)_ξ for `channels` channels. Columns up to L past tileRows·tilesW are
// written too (with values of no use), so V must have that slack.
void winogradInputAvx2(const WinogradTiles& t, const float* pad, int64_t channels, float* v);
// Output channel c's tiles of the block from M_ξ[c, t] (ldm apart per channel, 16 matrices
// `matrix` apart): y[2ty + i, 2tx + j] = (Aᵀ M A)_ij + bias, into the plane at `y` (output row
// 2·ty0 first) of `outRows` × outW outputs (rows and columns past them are not written).
struct WinogradOutput {
  int64_t tileRows, tilesW, ldm, matrix, outRows, outW;
};
void winogradOutputAvx2(const WinogradOutput& o, const float* m, float bias, float* y);

}  // namespace nabla
