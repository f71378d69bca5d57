package org.scorefdt.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar: {@code label [#####.....] 42% 1.2e5 member-steps/s ETA 0:31}.
 *
 * <p>{@link #advance} and {@link #update} are thread-safe and cheap: workers add to an atomic
 * counter, and at most one thread redraws, at most five times a second, so progress reporting never
 * slows the hot loop. When the stream is not a terminal (logs, CI), redraws would only litter the
 * output with carriage returns, so just one final line is printed on close; with {@code --quiet}
 * nothing is printed.
 */
public final class ProgressBar implements AutoCloseable {

    /** How much the bar prints. */
    public enum Mode {
        /** Redraw in place with {@code \r}, then a final line. */
        INTERACTIVE,
        /** Only the final line, on {@link #close()}. */
        FINAL_LINE,
        /** Nothing at all. */
        SILENT
    }

    /** Minimum interval between redraws: about five updates per second. */
    static final long MIN_REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final String unit;
    private final Mode mode;
    private final LongSupplier clock;
    private final long start;
    private final AtomicLong done = new AtomicLong();
    private final Object drawLock = new Object();
    private volatile long lastDraw = Long.MIN_VALUE;
    private volatile String status = ""; // shown after the rate, e.g. the current loss
    private int lastLength; // guarded by drawLock
    private boolean closed; // guarded by drawLock

    /**
     * @param out   where to draw, typically {@code System.err}
     * @param label shown before the bar; may be empty
     * @param total units of work, {@code <= 0} when unknown (no bar or ETA then)
     * @param unit  name of a unit of work, e.g. {@code member-steps}
     */
    public ProgressBar(PrintStream out, String label, long total, String unit, Mode mode) {
        this(out, label, total, unit, mode, System::nanoTime);
    }

    /** As the public constructor with an injectable nanosecond clock (tests). */
    ProgressBar(PrintStream out, String label, long total, String unit, Mode mode, LongSupplier clock) {
        this.out = out;
        this.label = label == null ? "" : label;
        this.total = total;
        this.unit = unit;
        this.mode = mode;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /**
     * {@link Mode#SILENT} when quiet; else {@link Mode#FINAL_LINE} when there is no console (output
     * redirected), else interactive.
     */
    public static Mode detectMode(boolean quiet) {
        if (quiet) return Mode.SILENT;
        return System.console() == null ? Mode.FINAL_LINE : Mode.INTERACTIVE;
    }

    /** Adds {@code n} units of work done. Thread-safe. */
    public void advance(long n) {
        maybeDraw(done.addAndGet(n));
    }

    /** Sets the absolute work done; smaller values than already seen are ignored. Thread-safe. */
    public void update(long absolute) {
        maybeDraw(done.accumulateAndGet(absolute, Math::max));
    }

    /**
     * Sets a short status shown at the end of the line (e.g. {@code loss 0.51/0.53}); it appears
     * at the next redraw and on the final line. Thread-safe.
     */
    public void status(String text) {
        status = text == null ? "" : text;
    }

    /** Work done so far. */
    public long done() {
        return done.get();
    }

    /** Prints a message on its own line without garbling the bar (redrawn on the next update). */
    public void message(String line) {
        if (mode == Mode.SILENT) return;
        synchronized (drawLock) {
            if (mode == Mode.INTERACTIVE && lastLength > 0) {
                out.print("\r" + " ".repeat(lastLength) + "\r");
                lastLength = 0;
            }
            out.println(line);
            out.flush();
        }
    }

    private void maybeDraw(long d) {
        if (mode != Mode.INTERACTIVE) return;
        long now = clock.getAsLong();
        // Unsynchronised pre-check keeps the common path free of locking.
        if (lastDraw != Long.MIN_VALUE && now - lastDraw < MIN_REDRAW_NANOS) return;
        synchronized (drawLock) {
            if (closed || (lastDraw != Long.MIN_VALUE && now - lastDraw < MIN_REDRAW_NANOS)) return;
            lastDraw = now;
            String s = line(d, (now - start) / 1e9, false);
            int pad = Math.max(0, lastLength - s.length());
            out.print("\r" + s + " ".repeat(pad));
            out.flush();
            lastLength = s.length();
        }
    }

    /** Prints the final line (unless silent). Idempotent. */
    @Override
    public void close() {
        synchronized (drawLock) {
            if (closed) return;
            closed = true;
            if (mode == Mode.SILENT) return;
            String s = line(done.get(), (clock.getAsLong() - start) / 1e9, true);
            if (mode == Mode.INTERACTIVE) {
                out.print("\r" + s + " ".repeat(Math.max(0, lastLength - s.length())) + "\n");
            } else {
                out.println(s);
            }
            out.flush();
        }
    }

    /** The text of one update; {@code last} replaces the ETA by the elapsed time. */
    String line(long d, double elapsedSeconds, boolean last) {
        StringBuilder sb = new StringBuilder();
        if (!label.isEmpty()) sb.append(label).append(' ');
        double rate = elapsedSeconds > 0 ? d / elapsedSeconds : 0;
        if (total > 0) {
            double frac = Math.min(1.0, Math.max(0.0, (double) d / total));
            int filled = (int) Math.floor(frac * WIDTH);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
            sb.append((int) Math.floor(frac * 100)).append("% ");
        } else {
            sb.append(formatCount(d)).append(' ').append(unit).append(", ");
        }
        sb.append(formatCount(rate)).append(' ').append(unit).append("/s");
        if (last) {
            sb.append(" in ").append(formatDuration(elapsedSeconds));
        } else if (total > 0) {
            sb.append(" ETA ");
            sb.append(rate > 0 && d > 0 ? formatDuration(Math.max(0, total - d) / rate) : "--:--");
        }
        String st = status;
        if (!st.isEmpty()) sb.append("  ").append(st);
        return sb.toString();
    }

    /** {@code 950}, {@code 1.2e5}: three significant characters are enough for a rate. */
    static String formatCount(double v) {
        if (!Double.isFinite(v) || v < 0) return "?";
        if (v < 1000) return String.format(Locale.ROOT, "%.0f", v);
        int exp = (int) Math.floor(Math.log10(v));
        double mant = v / Math.pow(10, exp);
        if (mant >= 9.95) { // rounding 9.96 to one decimal would print 10.0
            mant /= 10;
            exp++;
        }
        return String.format(Locale.ROOT, "%.1fe%d", mant, exp);
    }

    /** {@code 0:31}, {@code 12:05}, {@code 1:02:03}. */
    static String formatDuration(double seconds) {
        if (!Double.isFinite(seconds)) return "--:--";
        long s = Math.round(seconds);
        long h = s / 3600, m = (s % 3600) / 60, sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
