package org.scorefdt.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.scorefdt.api.JobResult;
import org.scorefdt.io.NpyArray;
import org.scorefdt.io.NpyReader;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.io.ScoreModelFile;
import picocli.CommandLine;

/** Small helpers shared by the learned-score commands ({@code train}, {@code sample}, {@code respond}). */
final class CliSupport {
    private CliSupport() {}

    /** Data rows {@code [n][d]} read from an NPY file. */
    record Data(double[] values, int n, int d) {}

    static CommandLine.ParameterException usage(CommandLine cl, String message) {
        return new CommandLine.ParameterException(cl, message);
    }

    /**
     * Reads {@code [n][d]} (or {@code [n]}, as d = 1) finite values; every problem is a usage error
     * naming the option, the file, and for non-finite values the row and column.
     */
    static Data readData(CommandLine cl, String option, Path file) {
        NpyArray a;
        try {
            a = NpyReader.read(file);
        } catch (IOException e) {
            throw usage(cl, option + ": " + e.getMessage()); // the reader's message starts with the file
        }
        long[] s = a.shape();
        if (s.length != 1 && s.length != 2) {
            throw usage(cl, option + " " + file + ": array of shape " + java.util.Arrays.toString(s) + "; need [n][d] snapshots");
        }
        int n = (int) s[0], d = s.length == 2 ? (int) s[1] : 1;
        if (n < 2 || d < 1) throw usage(cl, option + " " + file + ": " + n + " rows of dimension " + d + "; need at least 2 rows");
        double[] v = a.asDoubles();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw usage(cl, option + " " + file + ": row " + i / d + ", column " + i % d + " is " + v[i] + "; data must be finite");
            }
        }
        return new Data(v, n, d);
    }

    /** Loads a model file; problems with it are usage errors (exit 2) naming the file. */
    static ScoreModelFile.Loaded loadModel(CommandLine cl, Path file, org.scorefdt.score.ScoreKernels kernels) {
        try {
            return ScoreModelFile.load(file, kernels);
        } catch (IOException e) {
            throw usage(cl, "--model: " + e.getMessage());
        }
    }

    /** Refuses an existing output file unless forced; checks that its directory exists. */
    static void checkOutputFile(CommandLine cl, Path output, boolean force) {
        if (Files.isDirectory(output)) throw usage(cl, "output " + output + " is a directory; give a file name");
        if (Files.exists(output) && !force) throw usage(cl, "output file " + output + " exists; use --force or another path");
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) throw usage(cl, "output directory " + parent + " does not exist");
    }

    /** The progress bar needs a PrintStream; picocli's err is a PrintWriter. */
    static PrintStream errStream(CommandLine cl) {
        PrintWriter w = cl.getErr();
        return new PrintStream(new OutputStream() {
            @Override public void write(int b) { w.write(b); }
            @Override public void write(byte[] b, int off, int len) {
                w.write(new String(b, off, len, StandardCharsets.UTF_8));
            }
            @Override public void flush() { w.flush(); }
        }, true, StandardCharsets.UTF_8);
    }

    /** The arguments the whole command line was given (for manifests). */
    static List<String> originalArgs(CommandLine cl) {
        CommandLine root = cl;
        while (root.getParent() != null) root = root.getParent();
        return root.getParseResult() == null ? List.of() : List.copyOf(root.getParseResult().originalArgs());
    }

    /**
     * Runs a job that writes into {@code dir} with a console listener (silent with {@code -q}), then
     * prints its summary and maps completeness to the exit code; an exception leaves the reason in
     * {@code status.json} ({@link RunDirectory#fail}) before it propagates (shared by {@code ou} and
     * {@code reproduce}).
     */
    static int runJob(CommandLine cl, RunDirectory dir, RunOptions options,
                      java.util.function.Function<org.scorefdt.api.JobListener, JobResult> job) {
        JobResult result;
        try (ConsoleListener listener = options.listener(cl)) {
            result = job.apply(listener);
        } catch (RuntimeException e) {
            dir.fail(null, e); // a visible trace in the directory of why the run stopped
            throw e;
        }
        return Main.report(cl, result);
    }

    /** Per-column mean and variance (1/(n−1)) of {@code [n][d]}. */
    static double[][] moments(double[] x, int n, int d) {
        double[] mean = new double[d], var = new double[d];
        for (int r = 0; r < n; r++) for (int k = 0; k < d; k++) mean[k] += x[r * d + k];
        for (int k = 0; k < d; k++) mean[k] /= n;
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < d; k++) {
                double c = x[r * d + k] - mean[k];
                var[k] += c * c;
            }
        }
        for (int k = 0; k < d; k++) var[k] /= Math.max(1, n - 1);
        return new double[][] {mean, var};
    }
}
