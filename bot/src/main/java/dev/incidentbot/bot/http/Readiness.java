package dev.incidentbot.bot.http;

/** One part of /readyz: whether it is ready, and what an operator should know about it (why not, or a warning). */
public record Readiness(boolean ready, String detail) {
    public static Readiness ok() {
        return new Readiness(true, "");
    }

    public static Readiness okBut(String note) {
        return new Readiness(true, note);
    }

    public static Readiness notReady(String why) {
        return new Readiness(false, why);
    }

    /** "ready", "ready (note)" or "not ready (why)". */
    public String line() {
        String state = ready ? "ready" : "not ready";
        return detail.isEmpty() ? state : state + " (" + detail + ")";
    }
}
