package dev.incidentbot.bot.testing;

import dev.incidentbot.bot.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The subcommands run in this process as {@code Main.main} configures them, with what they print captured. */
public final class InProcessCommandLine {
    private InProcessCommandLine() {
    }

    /** The exit code, the lines on stdout, and the non-blank lines on stderr. */
    public record Result(int exit, List<String> out, List<String> err) {
        /** stderr as one text, for a check that does not care where its lines break. */
        public String errText() {
            return String.join("\n", err);
        }
    }

    public static Result run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.commandLine().execute(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8).lines().toList(),
                    err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList());
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }
}
