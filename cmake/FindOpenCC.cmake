# FindOpenCC
# ----------
# Finds OpenCC, the simplified/traditional Chinese converter (Debian:
# libopencc-dev, which ships no CMake package configuration) and the t2s.json
# configuration from its data files (Debian: libopencc-data).
#
# Imported target:
#   OpenCC::OpenCC        the library, with its include directory
# Result variables:
#   OpenCC_FOUND, OpenCC_INCLUDE_DIR, OpenCC_LIBRARY
#   OpenCC_DATA_DIR       directory holding t2s.json (empty if not found)

find_path(OpenCC_INCLUDE_DIR NAMES opencc/opencc.h)
find_library(OpenCC_LIBRARY NAMES opencc)
find_path(OpenCC_DATA_DIR NAMES t2s.json PATH_SUFFIXES share/opencc opencc)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(OpenCC REQUIRED_VARS OpenCC_LIBRARY OpenCC_INCLUDE_DIR)

if(OpenCC_FOUND AND NOT TARGET OpenCC::OpenCC)
  add_library(OpenCC::OpenCC UNKNOWN IMPORTED)
  set_target_properties(OpenCC::OpenCC PROPERTIES
    IMPORTED_LOCATION "${OpenCC_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${OpenCC_INCLUDE_DIR}")
endif()
if(OpenCC_FOUND AND NOT OpenCC_DATA_DIR)
  message(WARNING "OpenCC found but not its t2s.json: install libopencc-data for traditional-script input")
endif()
mark_as_advanced(OpenCC_INCLUDE_DIR OpenCC_LIBRARY OpenCC_DATA_DIR)
