package dev.incidentbot.bot.cli;

import dev.incidentbot.bot.incident.TimelineExporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true, description = "Write an incident's post-mortem draft (md) or timeline (json).")
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Parameters(index = "0", paramLabel = "INC-N", description = "The incident, e.g. INC-3.")
    String id;

    @Option(names = "--format", defaultValue = "md", description = "md or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("md") && !format.equals("json")) {
            System.err.println("--format takes md or json, not \"" + format + "\".");
            return Configured.EXIT_INVALID;
        }
        return IncidentReader.withIncident(common, id, (configured, db, incident) -> {
            TimelineExporter exporter = new TimelineExporter(configured.config(), configured.templates());
            String text = db.read(c -> exporter.export(c, incident, format, Instant.now()));
            if (out == null) {
                System.out.print(text);
                System.out.flush();
            } else {
                Files.writeString(out, text, StandardCharsets.UTF_8);
                System.err.println("wrote " + out);
            }
            return 0;
        });
    }
}
