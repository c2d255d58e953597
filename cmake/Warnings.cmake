# Warnings are errors in every target of ours.
add_library(authorworks_warnings INTERFACE)
target_compile_options(authorworks_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Werror -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough -Wformat=2)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 reports false positives inside Boost.Asio's coroutine frames (their operator delete) and std::variant moves.
  target_compile_options(authorworks_warnings INTERFACE -Wno-maybe-uninitialized -Wno-null-dereference -Wno-mismatched-new-delete)
endif()
