# SPDX-License-Identifier: Apache-2.0
# Per-target settings shared by every library, executable and test of the project.

set(ADM_VERSION ${PROJECT_VERSION})

function(adm_target_defaults tgt)
  target_compile_definitions(${tgt} PRIVATE
    QT_NO_CAST_FROM_ASCII QT_NO_URL_CAST_FROM_STRING QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_FOREACH QT_DISABLE_DEPRECATED_BEFORE=0x060400
    ADM_VERSION_STRING="${ADM_VERSION}")
  if(MSVC)
    target_compile_options(${tgt} PRIVATE /W4)
  else()
    target_compile_options(${tgt} PRIVATE -Wall -Wextra -Wpedantic -Werror=switch)
  endif()
  if(ADM_WERROR)
    set_target_properties(${tgt} PROPERTIES COMPILE_WARNING_AS_ERROR ON)
  endif()
  if(ADM_SANITIZE)
    target_compile_options(${tgt} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(${tgt} PRIVATE -fsanitize=address,undefined)
  endif()
  if(ADM_FUZZ)
    # Coverage instrumentation for libFuzzer plus ASan/UBSan; the fuzz targets themselves add
    # -fsanitize=fuzzer at link time (fuzz/CMakeLists.txt).
    target_compile_options(${tgt} PRIVATE -fsanitize=fuzzer-no-link,address,undefined
      -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(${tgt} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
