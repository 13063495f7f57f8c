# Two interface targets every flexform target links: settings (language, sanitizers) and warnings.
add_library(flexform_settings INTERFACE)
target_compile_features(flexform_settings INTERFACE cxx_std_20)
target_include_directories(flexform_settings INTERFACE ${PROJECT_SOURCE_DIR})
target_compile_definitions(flexform_settings INTERFACE FLEXFORM_VERSION="${PROJECT_VERSION}")
if(FLEXFORM_SANITIZE)
  target_compile_options(flexform_settings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                         -fno-sanitize-recover=undefined)
  target_link_options(flexform_settings INTERFACE -fsanitize=address,undefined)
endif()

add_library(flexform_warnings INTERFACE)
target_compile_options(flexform_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Werror)
