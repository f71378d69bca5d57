# cuda.cmake — the CUDA build. Decides once whether nvcc exists, says which way it went, and builds
# the kernel fatbins (sm_80, sm_90 SASS + compute_90 PTX) as jar resources, loaded at run time with
# cuModuleLoadData through the CUDA presets. ptxas -v output is checked for spills/local memory.
include(CheckLanguage)
set(SCOREFDT_HAVE_CUDA OFF)
if(SCOREFDT_CUDA STREQUAL "OFF")
  message(STATUS "ScoreFDT CUDA: OFF (forced by SCOREFDT_CUDA=OFF): building the CPU library only")
else()
  if(NOT CMAKE_CUDA_COMPILER AND NOT DEFINED ENV{CUDACXX} AND EXISTS /usr/local/cuda/bin/nvcc)
    set(CMAKE_CUDA_COMPILER /usr/local/cuda/bin/nvcc)
  endif()
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    set(SCOREFDT_HAVE_CUDA ON)
    message(STATUS "ScoreFDT CUDA: ON (nvcc at ${CMAKE_CUDA_COMPILER})")
  elseif(SCOREFDT_CUDA STREQUAL "ON")
    message(FATAL_ERROR "ScoreFDT CUDA: SCOREFDT_CUDA=ON but no nvcc was found (set CUDACXX or PATH)")
  else()
    message(STATUS "ScoreFDT CUDA: skipped (no nvcc found): building the CPU library only")
  endif()
endif()

if(SCOREFDT_HAVE_CUDA)
  set(NVCC ${CMAKE_CUDA_COMPILER})
  file(GLOB KERNEL_SOURCES CONFIGURE_DEPENDS ${ROOT}/cuda/kernels/*.cu)
  # The kernels include the shared SFDT_HD bodies: a changed header must rebuild them too, or an
  # incremental build would pair new CPU bodies with stale kernels.
  file(GLOB KERNEL_HEADERS CONFIGURE_DEPENDS ${ROOT}/native/include/scorefdt/*.h)
  set(FATBINS)
  foreach(src ${KERNEL_SOURCES})
    get_filename_component(name ${src} NAME_WE)
    set(out ${SCOREFDT_KERNEL_OUT}/${name}.fatbin)
    set(log ${CMAKE_BINARY_DIR}/ptxas-${name}.log)
    add_custom_command(OUTPUT ${out}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${SCOREFDT_KERNEL_OUT}
      COMMAND ${CMAKE_COMMAND} -DNVCC=${NVCC} -DSRC=${src} -DOUT=${out} -DLOG=${log}
              -DINCLUDE=${ROOT}/native/include -P ${CMAKE_CURRENT_SOURCE_DIR}/nvcc_fatbin.cmake
      DEPENDS ${src} ${KERNEL_HEADERS} ${CMAKE_CURRENT_SOURCE_DIR}/nvcc_fatbin.cmake
      COMMENT "nvcc ${name}.cu -> ${name}.fatbin (sm_80, sm_90, compute_90)")
    list(APPEND FATBINS ${out})
  endforeach()
  add_custom_target(scorefdt_cuda_kernels ALL DEPENDS ${FATBINS})
endif()
