package dev.incidentbot.bot.runner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Builds the bubblewrap command line that confines one run, and probes whether bubblewrap works here at all (it
 * needs user namespaces or setuid, which containers often lack).
 */
final class Bubblewrap {
    /** Bound read-only (or recreated as the same symlink, on merged-/usr systems). Nothing else of the host is. */
    static final List<String> SYSTEM_ROOTS = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
            "/etc");

    private Bubblewrap() {
    }

    /**
     * The argv that runs {@code program} inside a fresh sandbox: read-only system directories, the diagnostic's
     * readable paths, a private /tmp with only {@code workDir} in it, all namespaces unshared (the network too,
     * unless the diagnostic says {@code network: true}), and the sandbox dies with the runner.
     *
     * @param hidden paths (the bot's data directory) masked even when they lie inside something bound
     */
    static List<String> wrap(Path bwrap, DiagnosticDefinition d, Path workDir, List<Path> hidden,
                             List<String> program) {
        List<String> argv = new ArrayList<>();
        argv.add(bwrap.toString());
        systemBinds(argv);
        argv.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
        for (Path p : d.readable()) {
            argv.addAll(List.of("--ro-bind-try", p.toString(), p.toString()));
        }
        argv.addAll(List.of("--bind", workDir.toString(), workDir.toString(), "--chdir", workDir.toString()));
        for (Path p : hidden) {
            mask(argv, p);
        }
        argv.addAll(List.of("--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"));
        if (d.network()) {
            argv.add("--share-net");
        }
        argv.add("--");
        argv.addAll(program);
        return argv;
    }

    /** Whether {@code path} would be visible inside the sandbox without a readable entry. */
    static boolean insideSystemRoots(Path path) {
        Path real = realPath(path);
        for (String root : SYSTEM_ROOTS) {
            if (real.startsWith(realPath(Path.of(root)))) {
                return true;
            }
        }
        return false;
    }

    static BubblewrapAvailability probe(String searchPath) {
        Optional<Path> bwrap = ExecutableSearch.find("bwrap", searchPath);
        if (bwrap.isEmpty()) {
            return new BubblewrapAvailability.Unusable("bwrap requested but bubblewrap is not installed (no bwrap in "
                    + searchPath + "); install the bubblewrap package or set runner.isolation: none");
        }
        Optional<Path> truth = ExecutableSearch.find("true", searchPath);
        if (truth.isEmpty()) {
            return new BubblewrapAvailability.Unusable("cannot check bubblewrap: no `true` program in " + searchPath);
        }
        List<String> argv = new ArrayList<>();
        argv.add(bwrap.get().toString());
        systemBinds(argv);
        argv.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--unshare-all",
                "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--", truth.get().toString()));
        String why;
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String output = readBounded(p.getInputStream());
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                why = "the check did not finish within 5s";
            } else if (p.exitValue() == 0) {
                return new BubblewrapAvailability.Usable(bwrap.get());
            } else {
                why = firstLine(output).orElse("exit " + p.exitValue());
            }
        } catch (IOException e) {
            why = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted";
        }
        return new BubblewrapAvailability.Unusable("bwrap is installed at " + bwrap.get()
                + " but cannot create a sandbox here (" + why + "); user namespaces may be disabled, e.g. inside a"
                + " container; enable them or set runner.isolation: none");
    }

    private static void systemBinds(List<String> argv) {
        for (String root : SYSTEM_ROOTS) {
            Path p = Path.of(root);
            try {
                if (Files.isSymbolicLink(p)) {
                    argv.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), root));
                } else if (Files.isDirectory(p)) {
                    argv.addAll(List.of("--ro-bind", root, root));
                }
            } catch (IOException e) {
                // unreadable link: leave that root out of the sandbox
            }
        }
    }

    private static void mask(List<String> argv, Path hidden) {
        if (!Files.exists(hidden)) {
            return;
        }
        if (Files.isDirectory(hidden)) {
            argv.addAll(List.of("--tmpfs", hidden.toAbsolutePath().toString()));
        } else {
            argv.addAll(List.of("--ro-bind", "/dev/null", hidden.toAbsolutePath().toString()));
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static String readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(4096);
        in.transferTo(java.io.OutputStream.nullOutputStream());
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Optional<String> firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.isEmpty() ? Optional.empty() : Optional.of(line);
    }
}
