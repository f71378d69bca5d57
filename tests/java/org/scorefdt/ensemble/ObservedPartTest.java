package org.scorefdt.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Observers of a [field | hidden] state see only the field rows, in member order. */
class ObservedPartTest {

    @Test
    void hiddenComponentsAreStrippedPerMember() {
        List<double[]> seen = new ArrayList<>();
        ObservedPart view = new ObservedPart(5, 3, List.of((save, t, states, members) ->
                seen.add(java.util.Arrays.copyOf(states, members * 3))));
        double[] states = {1, 2, 3, -1, -2, 4, 5, 6, -3, -4};   // 2 members × (3 observed + 2 hidden)
        view.observe(0, 0, states, 2);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, seen.get(0));
        double[] fewer = {7, 8, 9, 0, 0};                        // a later, smaller batch reuses the buffer
        view.observe(1, 1, fewer, 1);
        assertArrayEquals(new double[] {7, 8, 9}, seen.get(1));
    }

    @Test
    void nothingHiddenPassesTheStatesThrough() {
        double[][] got = new double[1][];
        ObservedPart view = new ObservedPart(3, 3, List.of((save, t, states, members) -> got[0] = states));
        double[] states = {1, 2, 3};
        view.observe(0, 0, states, 1);
        assertSame(states, got[0]);
    }

    @Test
    void observedMustFitTheState() {
        assertEquals("observed = 6: must be in [1, 5]",
                assertThrows(IllegalArgumentException.class, () -> new ObservedPart(5, 6, List.of())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ObservedPart(5, 0, List.of()));
    }
}
