# The flags every isl target is built with, on the target (never the directory, so that a
# project that adds isl keeps its own): warnings, -Werror with ISL_WERROR, and the
# sanitizers with ISL_SANITIZE.
function(isl_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(ISL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(ISL_SANITIZE)
    target_compile_options(${target} PRIVATE
      -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    # Also for a static library: whatever links it needs the sanitizers' runtime.
    target_link_options(${target} PUBLIC -fsanitize=address,undefined)
  endif()
endfunction()
