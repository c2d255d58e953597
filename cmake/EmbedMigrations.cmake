# Turns every src/db/migrations/NNNN_name[.sqlite|.postgres].sql into a C++ source that defines
# authorworks::db::detail::embedded_migration_files(), in version order.
#   cmake -DDIR=src/db/migrations -DOUTPUT=migrations.cpp -P EmbedMigrations.cmake
file(GLOB files RELATIVE ${DIR} ${DIR}/*.sql)
list(SORT files)
set(delim "AW_SQL")
set(entries "")
foreach(f IN LISTS files)
  if(NOT f MATCHES "^([0-9]+)_([a-z0-9_]+)(\\.(sqlite|postgres))?\\.sql$")
    message(FATAL_ERROR "src/db/migrations/${f}: expected NNNN_name.sql, NNNN_name.sqlite.sql or NNNN_name.postgres.sql (name: a-z, 0-9, _)")
  endif()
  math(EXPR version "${CMAKE_MATCH_1}")
  set(name "${CMAKE_MATCH_2}")
  set(backend "${CMAKE_MATCH_4}")
  file(READ ${DIR}/${f} content)
  string(FIND "${content}" ")${delim}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "src/db/migrations/${f} contains the embedding delimiter )${delim}\"")
  endif()
  string(APPEND entries "    {${version}, \"${name}\", \"${backend}\", \"${f}\", R\"${delim}(${content})${delim}\"},\n")
endforeach()
if(entries STREQUAL "")
  message(FATAL_ERROR "no migrations in ${DIR}")
endif()
file(WRITE ${OUTPUT}.tmp "// Generated from src/db/migrations by cmake/EmbedMigrations.cmake; do not edit.
#include \"db/migration_files.hpp\"

namespace authorworks::db::detail {

std::span<const MigrationFile> embedded_migration_files() {
  static constexpr MigrationFile files[] = {
${entries}  };
  return files;
}

}  // namespace authorworks::db::detail
")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.tmp)
