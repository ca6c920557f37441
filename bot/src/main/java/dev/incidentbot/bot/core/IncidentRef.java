package dev.incidentbot.bot.core;

/** Which incident a command is about: the one whose conversation it was typed in, or one named by id. */
public sealed interface IncidentRef {
    record Here() implements IncidentRef { }

    record Numbered(long number) implements IncidentRef { }

    static IncidentRef here() {
        return new Here();
    }
}
