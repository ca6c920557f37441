package dev.incidentbot.bot.runner;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * Everything about one run that the engine stores and posts. Output is already capped and redacted, and so is
 * {@code argv}, so nothing here can leak a secret the redaction patterns know.
 *
 * @param strayProcessesKilled background processes still alive when the program exited (or timed out), all killed
 */
public record RunResult(String diagnostic, List<String> argv, Outcome outcome, Instant startedAt, Duration duration,
                        CapturedOutput stdout, CapturedOutput stderr, int strayProcessesKilled) {
    /** Fits a Slack section or a Matrix notice with room for the engine's own framing. */
    public static final int CHAT_LIMIT = 3000;
    private static final int COMMAND_LINE_LIMIT = 300;

    public RunResult {
        argv = List.copyOf(argv);
    }

    /** A run that never started a process (refused by the runner, or cancelled while queued). */
    static RunResult withoutProcess(PreparedCommand command, Outcome outcome, Instant at, Redactor redactor) {
        return new RunResult(command.diagnostic().name(), command.argv().stream().map(redactor::redact).toList(),
                outcome, at, Duration.ZERO, CapturedOutput.EMPTY, CapturedOutput.EMPTY, 0);
    }

    /** Empty when the program did not exit by itself (timed out, cancelled, never started). */
    public OptionalInt exitCode() {
        return outcome instanceof Outcome.Exited e ? OptionalInt.of(e.code()) : OptionalInt.empty();
    }

    public boolean timedOut() {
        return outcome instanceof Outcome.TimedOut;
    }

    public boolean truncated() {
        return stdout.truncated() || stderr.truncated();
    }

    /** Bytes the program wrote on both streams, before capping. */
    public long outputBytes() {
        return stdout.totalBytes() + stderr.totalBytes();
    }

    public String commandLine() {
        return PreparedCommand.displayLine(argv);
    }

    /** e.g. {@code exit 0 · 120 ms} or {@code timed out after 10s, killed · 10.0 s · output truncated (…)}. */
    public String statusLine() {
        StringBuilder sb = new StringBuilder(outcome.describe()).append(" · ").append(humanDuration(duration));
        if (truncated()) {
            sb.append(" · output truncated (").append(String.format("%,d", outputBytes())).append(" bytes written, ")
                    .append(String.format("%,d", stdout.keptBytes() + stderr.keptBytes())).append(" kept)");
        }
        if (strayProcessesKilled > 0) {
            sb.append(" · killed ").append(strayProcessesKilled).append(" leftover process")
                    .append(strayProcessesKilled == 1 ? "" : "es");
        }
        return sb.toString();
    }

    public String chatSummary() {
        return chatSummary(CHAT_LIMIT);
    }

    /**
     * Plain text for a code block, at most {@code maxChars} long: the command line, head and tail of stdout (and of
     * stderr when there is any) with a truncation marker, and the status line.
     */
    public String chatSummary(int maxChars) {
        String header = "$ " + excerpt(commandLine(), COMMAND_LINE_LIMIT) + "\n";
        String footer = "\n[" + statusLine() + "]";
        String out = stdout.text();
        String err = stderr.text();
        String errLabel = "\n--- stderr ---\n";
        int available = maxChars - header.length() - footer.length() - (err.isEmpty() ? 0 : errLabel.length());
        if (available < 0) {
            return (header + footer).substring(0, Math.min(maxChars, header.length() + footer.length()));
        }
        StringBuilder sb = new StringBuilder(header);
        if (out.isEmpty() && err.isEmpty()) {
            sb.append(available >= 11 ? "(no output)" : "");
        } else if (err.isEmpty()) {
            sb.append(excerpt(out, available));
        } else if (out.isEmpty()) {
            sb.append(errLabel.substring(1)).append(excerpt(err, available + 1));
        } else {
            int forOut = Math.min(out.length(), Math.max(available / 2, available - err.length()));
            sb.append(excerpt(out, forOut)).append(errLabel).append(excerpt(err, available - forOut));
        }
        return sb.append(footer).toString();
    }

    /** Head and tail of {@code text} in at most {@code budget} characters, marker included. */
    static String excerpt(String text, int budget) {
        if (text.length() <= budget) {
            return text;
        }
        int room = budget - 48;
        if (room <= 0) {
            return text.substring(0, Math.max(0, budget));
        }
        int head = cutPoint(text, room / 2);
        int tail = cutPoint(text, text.length() - (room - room / 2));
        return text.substring(0, head) + "\n… " + String.format("%,d", tail - head) + " characters truncated …\n"
                + text.substring(tail);
    }

    private static int cutPoint(String text, int index) {
        // never split a surrogate pair
        return index > 0 && index < text.length() && Character.isLowSurrogate(text.charAt(index)) ? index - 1 : index;
    }

    private static String humanDuration(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? ms + " ms" : String.format("%.1f s", ms / 1000.0);
    }
}
