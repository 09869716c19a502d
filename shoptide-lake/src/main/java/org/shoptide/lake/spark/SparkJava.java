package org.shoptide.lake.spark;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Java runtime the Spark job runs on: a JDK or JRE 17 or 21 (Spark 4.1.0's Hadoop file I/O fails on JDK 24+;
 * Shoptide itself needs 21+, so the two usually differ). Looked up like {@code bin/find-jdk.sh} looks up 21+:
 * {@code SHOPTIDE_SPARK_JAVA_HOME}, then {@code JAVA_HOME}, the {@code java} on the {@code PATH}, and the usual install
 * roots. A home's version is read from its {@code release} file ({@code JAVA_VERSION="17.0.15"}), so nothing is started
 * to find it.
 */
public final class SparkJava {
    /** Java feature versions the job runs on. */
    public static final Set<Integer> SUPPORTED = Set.of(17, 21);
    /** Environment variable naming the home to use. */
    public static final String ENV = "SHOPTIDE_SPARK_JAVA_HOME";

    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?(\\d+)");

    private SparkJava() {
    }

    /** The home to use, or an exception that says what is missing and how to provide it. */
    public static Path find(Map<String, String> env) {
        String explicit = env.get(ENV);
        if (explicit != null && !explicit.isBlank()) {
            Path home = Path.of(explicit);
            Optional<Integer> v = version(home);
            if (v.isEmpty() || !SUPPORTED.contains(v.get()) || !Files.isExecutable(home.resolve("bin/java"))) {
                throw new IllegalStateException(ENV + "=" + explicit + " is not a Java 17 or 21 home (found "
                        + v.map(String::valueOf).orElse("no bin/java and release file") + ")");
            }
            return home;
        }
        List<Path> tried = new ArrayList<>();
        for (Path home : candidates(env)) {
            tried.add(home);
            Optional<Integer> v = version(home);
            if (v.isPresent() && SUPPORTED.contains(v.get()) && Files.isExecutable(home.resolve("bin/java"))) {
                return home;
            }
        }
        throw new IllegalStateException("Training on Spark needs a Java 17 or 21 runtime for the Spark job (Spark 4.1's"
                + " Hadoop file I/O fails on Java 24+), and none was found in " + ENV + ", JAVA_HOME, on the PATH or"
                + " under /usr/lib/jvm, /opt/java, /opt (looked at " + tried.size() + " homes). Install one (e.g."
                + " 'apt-get install openjdk-17-jre-headless' or Temurin 17/21) or set " + ENV + " to it.");
    }

    /** The feature version of a Java home, from its {@code release} file. */
    static Optional<Integer> version(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            Matcher m = VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<Path> candidates(Map<String, String> env) {
        List<Path> out = new ArrayList<>();
        String javaHome = env.get("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            out.add(Path.of(javaHome));
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path java = Path.of(dir, "java");
            if (Files.isExecutable(java)) {
                try {
                    Path real = java.toRealPath();
                    if (real.getParent() != null && real.getParent().getParent() != null) {
                        out.add(real.getParent().getParent());
                    }
                } catch (IOException e) {
                    // a dangling link: not a candidate
                }
            }
        }
        children(Path.of("/usr/lib/jvm"), out);
        children(Path.of("/opt/java"), out);
        String home = env.get("HOME");
        if (home != null) {
            children(Path.of(home, ".sdkman/candidates/java"), out);
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(Path.of("/opt"), "jdk*")) {
            s.forEach(out::add);
        } catch (IOException e) {
            // no /opt
        }
        return out;
    }

    private static void children(Path dir, List<Path> out) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> sorted = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(sorted::add);
        } catch (IOException e) {
            return;
        }
        sorted.sort(null);
        out.addAll(sorted);
    }
}
