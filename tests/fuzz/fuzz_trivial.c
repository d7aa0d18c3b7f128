/* libFuzzer target that does next to nothing (a checksum of the bytes): the floor of an
 * execution under libFuzzer with the same sanitizers and corpus, against which
 * tests/bench/fuzz sets the EDIFACT reader's executions per second (fuzz.ratio). */
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile uint32_t sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    sink = h;
    return 0;
}
