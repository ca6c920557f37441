package dev.incidentbot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs one figure in this JVM and writes its rows as JSON: {@code FigureMain NUMBER quick|full OUT.json DIR}. Each
 * figure gets a fresh JVM so that one figure's heap, JIT state and threads never colour another's numbers, and so
 * that CPU and memory read from /proc belong to that figure alone.
 */
public final class FigureMain {
    private FigureMain() {
    }

    public static void main(String[] args) throws Exception {
        int number = Integer.parseInt(args[0]);
        RunSize size = RunSize.of(args[1].equals("quick"));
        Path out = Path.of(args[2]);
        Path dir = Path.of(args[3]);
        Files.createDirectories(dir);
        Figure figure = Figures.all().get(number).get();
        List<Row> rows = figure.run(size, dir);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), rows);
        // Daemon threads of libraries (OkHttp, Quartz) must not keep the figure's JVM alive.
        System.exit(0);
    }
}
