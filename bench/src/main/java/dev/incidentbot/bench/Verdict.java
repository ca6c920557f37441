package dev.incidentbot.bench;

/** How a figure stands against its target. */
public enum Verdict {
    MET("met"),
    MISSED("MISSED"),
    /** --quick runs are too short to mean anything; they only prove the harness works. */
    NOT_JUDGED("not judged (--quick)"),
    NOT_MEASURED("not measured"),
    /** The harness itself broke: the figure threw, timed out or its process died. */
    FAILED("FAILED");

    private final String word;

    Verdict(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static Verdict of(boolean met, RunSize size) {
        if (size.quick()) {
            return NOT_JUDGED;
        }
        return met ? MET : MISSED;
    }
}
