package dev.incidentbot.bot.runner;

/**
 * One stream of a run as it is stored: capped, redacted, with a "… N bytes truncated …" marker between head and tail
 * when the program wrote more than the cap.
 *
 * @param totalBytes what the program wrote
 * @param keptBytes  how many of those bytes {@code text} holds (before redaction)
 */
public record CapturedOutput(String text, long totalBytes, long keptBytes) {
    public static final CapturedOutput EMPTY = new CapturedOutput("", 0, 0);

    public boolean truncated() {
        return keptBytes < totalBytes;
    }

    public long truncatedBytes() {
        return totalBytes - keptBytes;
    }

    static String marker(long bytes) {
        return "\n… " + String.format("%,d", bytes) + " bytes truncated …\n";
    }
}
