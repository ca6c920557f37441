package dev.incidentbot.drills;

/** One line of the drills table: what was done, what it should give, what it gave. */
public record DrillRow(String drill, String target, String measured, Verdict verdict) {

    public enum Verdict {
        MET("met"),
        MISSED("MISSED"),
        /** --quick runs are too short to judge; they prove the drill still runs. */
        NOT_JUDGED("not judged (--quick)"),
        /** This machine cannot run the drill (e.g. no root for a tmpfs); the row says why. */
        CANNOT_RUN("cannot run here"),
        /** The drill itself broke. */
        FAILED("FAILED");

        private final String word;

        Verdict(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        static Verdict of(boolean met, boolean quick) {
            return quick ? NOT_JUDGED : met ? MET : MISSED;
        }
    }
}
