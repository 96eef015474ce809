# Warnings every isl target is built with; -Werror only where the caller asks for it.
function(isl_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
endfunction()
