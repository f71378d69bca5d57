package org.scorefdt.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scorefdt.model.NavierStokes2d;
import org.scorefdt.model.OuSpde;

/** Observers of a [field | hidden] state see only the field rows, in member order. */
class ObservedComponentsTest {

    @Test
    void hiddenComponentsAreStrippedPerMember() {
        List<double[]> seen = new ArrayList<>();
        ObservedComponents view = new ObservedComponents(5, 3, List.of((save, t, states, members) ->
                seen.add(java.util.Arrays.copyOf(states, members * 3))));
        double[] states = {1, 2, 3, -1, -2, 4, 5, 6, -3, -4};   // 2 members × (3 observed + 2 hidden)
        view.observe(0, 0, states, 2);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, seen.get(0));
        double[] fewer = {7, 8, 9, 0, 0};                        // a later, smaller batch reuses the buffer
        view.observe(1, 1, fewer, 1);
        assertArrayEquals(new double[] {7, 8, 9}, seen.get(1));
    }

    @Test
    void onlyModelsWithHiddenStateAreWrapped() {
        Observer o = (save, t, states, members) -> { };
        assertEquals(List.of(o), ObservedComponents.of(new OuSpde(OuSpde.Params.paper(8)), List.of(o)));
        List<Observer> ns = ObservedComponents.of(NavierStokes2d.paper(8), List.of(o));
        assertEquals(1, ns.size());
        assertEquals(ObservedComponents.class, ns.get(0).getClass());
    }

    @Test
    void observedMustFitTheState() {
        assertThrows(IllegalArgumentException.class, () -> new ObservedComponents(5, 6, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ObservedComponents(5, 0, List.of()));
    }
}
