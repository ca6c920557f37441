package dev.incidentbot.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts {@link FigureMain} for one figure in a child JVM with this JVM's class path, and reads back its rows. */
public final class FigureProcess {
    private FigureProcess() {
    }

    public static List<Row> run(int number, String title, RunSize size, Path results, Duration timeout)
            throws IOException, InterruptedException {
        Path dir = results.resolve("work").resolve("figure-" + number);
        deleteRecursively(dir);
        Files.createDirectories(dir);
        Path out = dir.resolve("rows.json");
        Path log = results.resolve("figure-" + number + ".log");
        List<String> command = new ArrayList<>(List.of(Locations.binary(), "-cp", Locations.classPath(),
                "-Dbench.root=" + Locations.root(), FigureMain.class.getName(), Integer.toString(number),
                size.quick() ? "quick" : "full", out.toString(), dir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // The bot logs at INFO per incident; at benchmark rates that is noise, and writing it costs CPU.
        builder.environment().put("LOG_LEVEL", "WARN");
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return List.of(failed(number, title, "timed out after " + timeout.toSeconds() + " s; see " + log));
        }
        if (process.exitValue() != 0 || !Files.exists(out)) {
            return List.of(failed(number, title, "exit " + process.exitValue() + "; see " + log + ": " + lastLine(log)));
        }
        return new ObjectMapper().readValue(out.toFile(), new TypeReference<List<Row>>() { });
    }

    private static Row failed(int number, String title, String why) {
        return new Row(number + " " + title, "", "harness failed: " + why, "", "", Verdict.FAILED, Map.of());
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        for (int i = lines.size() - 1; i >= 0; i--) {
            String l = lines.get(i).strip();
            if (l.startsWith("Caused by") || l.startsWith("Exception") || l.contains("Exception:")) {
                return l;
            }
        }
        return lines.isEmpty() ? "(empty log)" : lines.get(lines.size() - 1);
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
