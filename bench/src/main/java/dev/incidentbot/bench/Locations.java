package dev.incidentbot.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where things are: the running JDK's {@code java}, and the repository the benchmark was built in. */
public final class Locations {
    private Locations() {
    }

    public static String binary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The repository root: {@code -Dbench.root}, else the folder above {@code bench/target} holding this jar, else
     * the working directory.
     */
    public static Path root() {
        String set = System.getProperty("bench.root");
        if (set != null && !set.isBlank()) {
            return Path.of(set).toAbsolutePath();
        }
        try {
            Path jar = Path.of(Locations.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path candidate = jar.getParent().getParent().getParent();
            if (Files.isDirectory(candidate.resolve("bot"))) {
                return candidate.toAbsolutePath();
            }
        } catch (Exception e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    /** This JVM's class path with every entry absolute, for child JVMs that run in other folders. */
    public static String classPath() {
        StringBuilder out = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (out.length() > 0) {
                out.append(java.io.File.pathSeparator);
            }
            out.append(Path.of(entry).toAbsolutePath());
        }
        return out.toString();
    }

    /** The jar {@code mvn package} builds and the README runs. */
    public static Path botJar() {
        return root().resolve("bot").resolve("target").resolve("incident-bot.jar");
    }
}
