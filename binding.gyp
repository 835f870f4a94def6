# Builds build/Release/nabla_native.node (run by scripts/build-native.mjs on npm install).
# The per-ISA sgemm kernels are static libraries so that each gets its own -m flags: the
# addon itself stays baseline x86-64 and picks a kernel at run time (native/sgemm.cc).
{
  'target_defaults': {
    'cflags_cc': ['-O3', '-ffp-contract=fast', '-fno-math-errno', '-fPIC'],
    'cflags_cc!': ['-O2'],
  },
  'targets': [
    {
      'target_name': 'nabla_native',
      'sources': [
        'native/addon.cc',
        'native/sgemm.cc',
        'native/thread-pool.cc',
        'native/gemm-portable.cc',
        'native/elementwise.cc',
        'native/transcendental.cc',
        'native/window.cc',
        'native/conv.cc',
        'native/optim.cc',
        'native/reduce.cc',
        'native/lstm.cc',
        'native/cross-entropy.cc',
        'native/memory.cc',
      ],
      'conditions': [
        ['target_arch=="x64"', {'dependencies': ['nabla_avx2', 'nabla_avx512']}],
      ],
    },
  ],
  'conditions': [
    ['target_arch=="x64"', {
      'targets': [
        {
          'target_name': 'nabla_avx2',
          'type': 'static_library',
          'sources': [
            'native/gemm-avx2.cc',
            'native/transcendental-avx2.cc',
            'native/optim-avx2.cc',
            'native/conv-avx2.cc',
          ],
          'cflags_cc': ['-mavx2', '-mfma', '-fno-math-errno'],
        },
        {
          'target_name': 'nabla_avx512',
          'type': 'static_library',
          'sources': ['native/gemm-avx512.cc'],
          'cflags_cc': ['-mavx512f', '-mavx2', '-mfma'],
        },
      ],
    }],
  ],
}
