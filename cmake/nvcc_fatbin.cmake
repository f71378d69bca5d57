# nvcc_fatbin.cmake — compile one .cu into a fatbin and fail on register spills or local memory.
# Parity builds: --fmad=false keeps the device arithmetic identical to the CPU's (no FMA contraction).
execute_process(
  COMMAND ${NVCC} -fatbin -O3 --fmad=false -std=c++17 -I${INCLUDE}
          -gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90
          -gencode arch=compute_90,code=compute_90 -Xptxas -v -o ${OUT} ${SRC}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(WRITE ${LOG} "${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "nvcc failed on ${SRC}:\n${out}${err}")
endif()
string(REGEX MATCHALL "[1-9][0-9]* bytes spill (stores|loads)" spills "${err}")
string(REGEX MATCHALL "[1-9][0-9]* bytes stack frame" frames "${err}")
if(spills OR frames)
  message(FATAL_ERROR "ptxas reports spills or local memory in ${SRC}: ${spills} ${frames}\n(see ${LOG})")
endif()
