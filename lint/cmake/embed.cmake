# s3policy_embed(<output.cpp> FUNCTION <c++ function name> BASE_DIR <dir> FILES <file>...)
#
# Generates, at build time, a C++ source defining
#   std::span<const s3policy::EmbeddedFile> <function>();
# that returns every file's path (relative to BASE_DIR) and its bytes. The binary then needs no
# data files at run time (docs pages, catalogs). Regenerated whenever one of the files changes.
set(S3POLICY_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_run.cmake)

function(s3policy_embed output)
  cmake_parse_arguments(ARG "" "FUNCTION;BASE_DIR" "FILES" ${ARGN})
  list(JOIN ARG_FILES "|" joined)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output} -DFUNCTION=${ARG_FUNCTION}
            -DBASE_DIR=${ARG_BASE_DIR} "-DFILES=${joined}" -P ${S3POLICY_EMBED_SCRIPT}
    DEPENDS ${ARG_FILES} ${S3POLICY_EMBED_SCRIPT}
    COMMENT "Embedding ${ARG_FUNCTION}"
    VERBATIM)
endfunction()
