{
  # Build with the Makefile (`make addon`): it runs node-gyp with
  # --nodedir pointing at the running Node's own headers (never a download)
  # and -Dsp_openssl=node|system from ./configure.
  'variables': {
    # node:   use the OpenSSL the running Node carries (it exports its
    #         symbols); link nothing, so the process has a single OpenSSL.
    # system: link the system libssl (for a Node that itself uses it).
    'sp_openssl%': 'node',
  },
  'targets': [
    {
      'target_name': 'securepair',
      # Every C file of the engine and the binding; a new file needs no edit
      # here (the Makefile globs the same way).
      'sources': ['<!@(ls -1 src/core/*.c src/node/*.c)'],
      'include_dirs': ['src/core'],
      'defines': [
        'NAPI_VERSION=8',
        'OPENSSL_API_COMPAT=30000',
        '_POSIX_C_SOURCE=200809L',
      ],
      # C only. Node's common.gypi puts its C++-only flags (-fno-exceptions,
      # -fno-rtti, -std=gnu++17) in cflags_cc, so nothing here is C++.
      'cflags_c': [
        '-std=c11',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-Wshadow',
        '-Wstrict-prototypes',
        '-Wno-unused-parameter',
      ],
      'conditions': [
        ['sp_openssl=="system"', {
          'libraries': ['-lssl', '-lcrypto'],
        }],
        ['OS=="mac"', {
          'xcode_settings': {
            'GCC_C_LANGUAGE_STANDARD': 'c11',
            'WARNING_CFLAGS': [
              '-Wall', '-Wextra', '-Werror', '-Wshadow',
              '-Wstrict-prototypes', '-Wno-unused-parameter',
            ],
          },
        }],
      ],
    },
  ],
}
