package org.scorefdt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    private String text() {
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }

    @Test
    void lineFormat() {
        ProgressBar b = new ProgressBar(out, "", 1000, "member-steps", ProgressBar.Mode.SILENT, clock::get);
        String s = b.line(420, 0.0035, false);
        // 420 done in 3.5 ms = 1.2e5/s; the remaining 580 take ~4.8 ms.
        assertEquals("[############..................] 42% 1.2e5 member-steps/s ETA 0:00", s);
        assertTrue(b.line(0, 0, false).endsWith("ETA --:--"));
        assertEquals("simulate 1.0e3 member-steps, 100 member-steps/s",
                new ProgressBar(out, "simulate", 0, "member-steps", ProgressBar.Mode.SILENT, clock::get).line(1000, 10, false));
    }

    @Test
    void numberAndDurationFormats() {
        assertEquals("1.2e5", ProgressBar.formatCount(123_456));
        assertEquals("1.0e4", ProgressBar.formatCount(9_999));
        assertEquals("950", ProgressBar.formatCount(950));
        assertEquals("1.0e6", ProgressBar.formatCount(999_999));
        assertEquals("0:31", ProgressBar.formatDuration(31));
        assertEquals("12:05", ProgressBar.formatDuration(725));
        assertEquals("1:02:03", ProgressBar.formatDuration(3723));
    }

    @Test
    void redrawsAreThrottled() {
        ProgressBar b = new ProgressBar(out, "sim", 100, "member-steps", ProgressBar.Mode.INTERACTIVE, clock::get);
        for (int i = 0; i < 50; i++) {
            clock.addAndGet(1_000_000); // 1 ms apart: 50 ms total
            b.advance(1);
        }
        assertEquals(1, count(text(), '\r'), "only the first update inside 200 ms is drawn");
        clock.addAndGet(ProgressBar.MIN_REDRAW_NANOS);
        b.advance(1);
        assertEquals(2, count(text(), '\r'));
        b.close();
        b.close(); // idempotent
        String t = text();
        assertTrue(t.endsWith("\n"));
        assertEquals(1, count(t, '\n'));
        String last = t.substring(t.lastIndexOf('\r') + 1).trim();
        assertTrue(last.matches("sim \\[#{15}\\.{15}] 51% \\S+ member-steps/s in 0:00"), last);
    }

    @Test
    void nonInteractivePrintsOnlyAFinalLine() {
        ProgressBar b = new ProgressBar(out, "sim", 10, "member-steps", ProgressBar.Mode.FINAL_LINE, clock::get);
        for (int i = 0; i < 10; i++) {
            clock.addAndGet(ProgressBar.MIN_REDRAW_NANOS);
            b.advance(1);
        }
        assertEquals("", text());
        b.close();
        assertEquals("sim [##############################] 100% 5 member-steps/s in 0:02\n", text());
    }

    @Test
    void silentPrintsNothingAndUpdateIsMonotone() {
        ProgressBar b = new ProgressBar(out, "x", 10, "u", ProgressBar.Mode.SILENT, clock::get);
        b.update(7);
        b.update(3);
        assertEquals(7, b.done());
        b.message("hello");
        b.close();
        assertEquals("", text());
    }

    @Test
    void messagesDoNotGarbleTheBar() {
        ProgressBar b = new ProgressBar(out, "x", 10, "u", ProgressBar.Mode.INTERACTIVE, clock::get);
        b.advance(1);
        b.message("backend: java");
        assertTrue(text().contains("\rbackend: java\n"), text());
    }

    @Test
    void concurrentAdvanceCountsEverything() throws InterruptedException {
        ProgressBar b = new ProgressBar(out, "x", 80_000, "u", ProgressBar.Mode.INTERACTIVE);
        Thread[] ts = new Thread[8];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = new Thread(() -> {
                for (int k = 0; k < 10_000; k++) b.advance(1);
            });
            ts[i].start();
        }
        for (Thread t : ts) t.join();
        b.close();
        assertEquals(80_000, b.done());
        assertTrue(text().contains("100%"));
    }
}
