# Writes a C++ source holding every data/migrations/NNNN_name.sql file as a raw string, in order.
# Usage: cmake -DDIR=<migrations folder> -DOUT=<file.cpp> -P embed_migrations.cmake
file(GLOB files "${DIR}/*.sql")
list(SORT files)
set(entries "")
foreach(f IN LISTS files)
  get_filename_component(fname "${f}" NAME)
  file(READ "${f}" sql)
  string(APPEND entries "    {\"${fname}\", R\"kiosk_sql(${sql})kiosk_sql\"},\n")
endforeach()
list(LENGTH files count)
set(content "// Generated from data/migrations by embed_migrations.cmake. Do not edit.
#include <cstddef>

namespace store::detail {
struct EmbeddedMigration {
    const char* file_name;
    const char* sql;
};
extern const EmbeddedMigration kEmbeddedMigrations[] = {
${entries}};
extern const std::size_t kEmbeddedMigrationCount = ${count};
}  // namespace store::detail
")
# Only touch the output when it changes, so an unrelated re-run does not rebuild the store.
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUT}" "${content}")
