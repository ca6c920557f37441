package dev.incidentbot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The bot configuration a figure runs with: the shipped severity matrix's shape, with the sev2 timings and escalation
 * target a figure needs, its database in the figure's own folder, and the templates bundled in the jar.
 */
public record BenchConfig(Duration acknowledgeWithin, Duration updateEvery, Duration updateGrace, String oncall,
                          String extraYaml) {

    public BenchConfig(Duration acknowledgeWithin, Duration updateEvery, Duration updateGrace, String oncall) {
        this(acknowledgeWithin, updateEvery, updateGrace, oncall, "");
    }

    /** The same, with top-level sections appended (e.g. {@code diagnostics:}). */
    public BenchConfig with(String yaml) {
        return new BenchConfig(acknowledgeWithin, updateEvery, updateGrace, oncall, extraYaml + yaml);
    }

    /** Timings far enough out that nothing fires during a figure that is not about reminders. */
    public static BenchConfig quiet(String oncall) {
        return new BenchConfig(Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(1), oncall);
    }

    /** Writes {@code incident-bot.yaml} into {@code dir} and returns it. */
    public Path write(Path dir) {
        String yaml = String.join("\n",
                "storage:",
                "  path: \"" + dir.resolve("incident-bot.db") + "\"",
                "http:",
                "  port: 0",
                "templates:",
                "  dir: \"" + dir.resolve("no-templates-here") + "\"   # missing: the bundled templates are used",
                "severities:",
                "  sev1:",
                "    name: Critical",
                "    aliases: [p1, critical]",
                "    acknowledge_within: 5m",
                "    update_every: 15m",
                "    escalation:",
                "      - after: 0m",
                "        notify: [\"" + oncall + "\"]",
                "  sev2:",
                "    name: High",
                "    aliases: [p2, high]",
                "    acknowledge_within: " + seconds(acknowledgeWithin),
                "    update_every: " + seconds(updateEvery),
                "    update_grace: " + seconds(updateGrace),
                "    escalation:",
                "      - after: 0m",
                "        notify: [\"" + oncall + "\"]",
                "postmortem_due: 3d",
                "outbox:",
                "  delivery_timeout: 10s",
                "") + extraYaml;
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("incident-bot.yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }
}
