# Builds build/Release/nabla_native.node (run by scripts/build-native.mjs on npm install).
# Sources are listed by scripts/native-sources.mjs (every native/*.cc). The per-ISA kernels
# (*-avx2.cc, *-avx512.cc) are static libraries so that each gets its own -m flags: the
# addon itself stays baseline x86-64 and picks a kernel at run time (native/sgemm.cc).
{
  'target_defaults': {
    'cflags_cc': ['-O3', '-ffp-contract=fast', '-fno-math-errno', '-fPIC'],
    'cflags_cc!': ['-O2'],
  },
  'targets': [
    {
      'target_name': 'nabla_native',
      'sources': ['<!@(node scripts/native-sources.mjs base)'],
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
          'sources': ['<!@(node scripts/native-sources.mjs avx2)'],
          'cflags_cc': ['-mavx2', '-mfma', '-fno-math-errno'],
        },
        {
          'target_name': 'nabla_avx512',
          'type': 'static_library',
          'sources': ['<!@(node scripts/native-sources.mjs avx512)'],
          'cflags_cc': ['-mavx512f', '-mavx2', '-mfma'],
        },
      ],
    }],
  ],
}
