# Installation, the CMake package (find_package(fahras)), pkg-config file,
# the --version header shared by the executables, and the Debian package
# (CPack). Included from the top-level CMakeLists.txt after the libraries and
# executables exist.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(FAHRAS_TOOLS fahras-index fahras-search fahras-serve fahras-analyze fahras-eval fahras-collisions)

# The --version line (private: generated into the build tree, not installed).
configure_file(${CMAKE_CURRENT_LIST_DIR}/cli_version.h.in
  ${CMAKE_BINARY_DIR}/generated/fahras/cli_version.h @ONLY)
add_library(fahras_cli_version INTERFACE)
target_include_directories(fahras_cli_version INTERFACE ${CMAKE_BINARY_DIR}/generated)
target_link_libraries(fahras_cli_version INTERFACE fahras_schema fahras_analysis)
foreach(tool IN LISTS FAHRAS_TOOLS)
  target_link_libraries(${tool} PRIVATE fahras_cli_version)
endforeach()

# The embeddable libraries as an application sees them, in the build tree too.
set_target_properties(fahras_analysis PROPERTIES EXPORT_NAME analysis)
set_target_properties(fahras_xapian PROPERTIES EXPORT_NAME xapian)
set_target_properties(fahras_warnings PROPERTIES EXPORT_NAME warnings)
add_library(fahras::analysis ALIAS fahras_analysis)
add_library(fahras::xapian ALIAS fahras_xapian)

install(TARGETS ${FAHRAS_TOOLS} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# fahras_warnings only carries compile flags for our own sources; it is in the
# export set because static libraries list their private link dependencies.
install(TARGETS fahras_analysis fahras_xapian fahras_warnings EXPORT fahrasTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# The public headers: the analysis core and the Xapian adapter. Everything in
# */src/ and the indexer/searcher headers stay private.
install(FILES
  ${PROJECT_SOURCE_DIR}/stemmer/include/fahras/analyzer.h
  ${PROJECT_SOURCE_DIR}/stemmer/include/fahras/function_ref.h
  ${PROJECT_SOURCE_DIR}/stemmer/include/fahras/normalizer.h
  ${PROJECT_SOURCE_DIR}/stemmer/include/fahras/stemmer.h
  ${PROJECT_SOURCE_DIR}/stemmer/include/fahras/stopwords.h
  ${PROJECT_SOURCE_DIR}/stemmer/include/fahras/tokenizer.h
  ${PROJECT_SOURCE_DIR}/stemmer/xapian/include/fahras/xapian_stem.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/fahras)

set(FAHRAS_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/fahras)
install(EXPORT fahrasTargets NAMESPACE fahras:: DESTINATION ${FAHRAS_CMAKE_DIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/fahrasConfig.cmake.in
  ${CMAKE_BINARY_DIR}/fahrasConfig.cmake INSTALL_DESTINATION ${FAHRAS_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/fahrasConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/fahrasConfig.cmake ${CMAKE_BINARY_DIR}/fahrasConfigVersion.cmake
  DESTINATION ${FAHRAS_CMAKE_DIR})

file(RELATIVE_PATH FAHRAS_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" FAHRAS_PC_TO_PREFIX "${FAHRAS_PC_TO_PREFIX}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/fahras.pc.in ${CMAKE_BINARY_DIR}/fahras.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/fahras.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# Man pages and bash completion (one completion file; bash-completion looks
# a command's completion up by the command's name).
foreach(tool IN LISTS FAHRAS_TOOLS)
  install(FILES ${PROJECT_SOURCE_DIR}/man/${tool}.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES ${PROJECT_SOURCE_DIR}/completion/fahras
    DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME ${tool})
endforeach()

# The example systemd unit for fahras-serve.
install(FILES ${PROJECT_SOURCE_DIR}/examples/fahras-serve.service DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# Debian package: cpack -G DEB in the build folder -> fahras_<version>_amd64.deb.
set(CPACK_PACKAGE_NAME fahras)
set(CPACK_PACKAGE_VENDOR "fahras")
set(CPACK_PACKAGE_CONTACT "fahras maintainers <fahras@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "full-text search engine for Arabic, built on Xapian")
set(CPACK_PACKAGE_DESCRIPTION "fahras indexes Arabic text as passages with its own Arabic analysis \
(normalisation, tokenisation, light stemming) and ranks passages with highlighted snippets. \
Includes fahras-index, fahras-search, fahras-serve (an HTTP JSON search server with a search page), fahras-analyze, fahras-eval, fahras-collisions, and the \
analysis libraries with headers, CMake and pkg-config files for embedding.")
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION text)
# dpkg-shlibdeps (dpkg-dev) derives libxapian30, libicu72, libboost-program-options1.74.0
# and libc/libstdc++ from the binaries themselves.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
include(CPack)
