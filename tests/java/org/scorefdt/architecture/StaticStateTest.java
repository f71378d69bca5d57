package org.scorefdt.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * No static mutable state in the engine: a job's choices (tiers, switches, caches) travel with the
 * job, so two jobs in one JVM never see each other. Every static field of a class under
 * {@code java/} must be final, and a final one must not hold something that changes: no atomics,
 * thread-locals or builders; a collection only when unmodifiable; an array only when private (a
 * constant table the class never hands out). Nor may a class outside {@code cli} change what the
 * JVM shares with its host: system properties, defaults, standard streams, handlers.
 */
class StaticStateTest {
    private static final List<Class<?>> MUTABLE = List.of(AtomicLong.class, AtomicInteger.class, AtomicBoolean.class,
            AtomicReference.class, java.util.concurrent.atomic.AtomicLongArray.class,
            java.util.concurrent.atomic.AtomicIntegerArray.class, java.util.concurrent.atomic.AtomicReferenceArray.class,
            java.util.concurrent.atomic.LongAdder.class, java.util.concurrent.atomic.DoubleAdder.class,
            ThreadLocal.class, StringBuilder.class, StringBuffer.class, java.util.Random.class,
            java.util.SplittableRandom.class, java.util.BitSet.class, java.nio.Buffer.class,
            org.bytedeco.javacpp.Pointer.class);

    @Test
    void noClassHoldsStaticMutableState() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Class<?> c : MainClasses.load()) {
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (!Modifier.isStatic(mod) || f.isSynthetic() || f.isEnumConstant()) continue;
                String where = c.getName() + "." + f.getName();
                if (!Modifier.isFinal(mod)) {
                    problems.add(where + " is static and not final");
                    continue;
                }
                Class<?> t = f.getType();
                if (MUTABLE.stream().anyMatch(m -> m.isAssignableFrom(t))) problems.add(where + " holds a " + t.getSimpleName());
                if (t == Object.class || t == Number.class) problems.add(where + " is typed " + t.getSimpleName() + ": say what it holds");
                if (t.isArray() && !Modifier.isPrivate(mod)) problems.add(where + " is a non-private static array");
                if (Collection.class.isAssignableFrom(t) || Map.class.isAssignableFrom(t)) {
                    f.setAccessible(true);
                    Object v = f.get(null);
                    if (v != null && !unmodifiable(v)) problems.add(where + " holds a modifiable " + v.getClass().getName());
                }
            }
        }
        assertTrue(problems.isEmpty(), "static mutable state:\n  " + String.join("\n  ", problems));
    }

    /**
     * Calls that change the whole JVM: system properties, default locale or time zone, standard
     * streams, process-wide handlers and factories, exit. Embedded in another program, the engine must
     * leave all of that to its host; only the CLI ({@code cli}, whose process it is) and the Spark driver's
     * entry point ({@code spark}, its exit code) may set them.
     */
    /** The packages whose entry points own their process: the CLI, and spark-submit's driver ({@code spark.SparkOuJob}). */
    private static final java.util.Set<String> OWN_PROCESS = java.util.Set.of("cli", "spark");

    private static final Pattern GLOBAL = Pattern.compile("\\b(System\\.(setProperty|setProperties|clearProperty|setOut|setErr|setIn"
            + "|setSecurityManager|exit)|Runtime\\.getRuntime\\(\\)\\.(exit|halt|addShutdownHook)|Locale\\.setDefault|TimeZone\\.setDefault"
            + "|Thread\\.setDefaultUncaughtExceptionHandler|URL\\.setURLStreamHandlerFactory|ImageIO\\.setUseCache"
            + "|Authenticator\\.setDefault|ProxySelector\\.setDefault|CookieHandler\\.setDefault)\\s*\\(");

    @Test
    void libraryClassesLeaveJvmWideSettingsAlone() throws IOException {
        Path root = Path.of("java", "org", "scorefdt");
        List<String> problems = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                if (OWN_PROCESS.contains(root.relativize(f).getName(0).toString())) continue;
                String[] lines = Files.readString(f).split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    String code = lines[i].replaceAll("//.*", "");
                    if (code.stripLeading().startsWith("*")) continue; // Javadoc
                    Matcher m = GLOBAL.matcher(code);
                    if (m.find()) problems.add(f + ":" + (i + 1) + ": " + m.group(1));
                }
            }
        }
        assertTrue(problems.isEmpty(), "JVM-wide settings changed outside cli:\n  " + String.join("\n  ", problems));
    }

    /** Whether {@code v} rejects modification (the JDK's immutable and unmodifiable views). */
    private static boolean unmodifiable(Object v) {
        String n = v.getClass().getName();
        return n.startsWith("java.util.ImmutableCollections") || n.startsWith("java.util.Collections$Unmodifiable")
                || n.startsWith("java.util.Collections$Empty") || n.startsWith("java.util.Collections$Singleton");
    }
}
