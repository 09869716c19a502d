package org.shoptide.eval.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What a report records about where it was made: the git commit, the JVM and the machine. */
public final class Provenances {
    private Provenances() {
    }

    /** {@code git rev-parse HEAD} in {@code dir} and whether tracked files differ from it; "unknown" without git. */
    public static void git(ObjectNode into, Path dir) {
        String commit = runGit(dir, "rev-parse", "HEAD");
        into.put("commit", commit == null ? "unknown" : commit.strip());
        String status = commit == null ? null : runGit(dir, "status", "--porcelain", "--untracked-files=no");
        if (status != null) {
            into.put("dirty", !status.isBlank());
        }
    }

    private static String runGit(Path dir, String... args) {
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add("git");
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Java version and VM, OS, available processors, maximum heap. */
    public static void environment(ObjectNode into, int threads) {
        into.put("java", System.getProperty("java.version"));
        into.put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        into.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        into.put("cpus", Runtime.getRuntime().availableProcessors());
        into.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        into.put("threads", threads);
    }
}
