package dev.incidentbot.bot.core;

import dev.incidentbot.chat.Person;

/** The bot itself, as the actor of what it does on its own: reminders, failed deliveries, leaving rooms. */
public final class BotActor {
    public static final Person PERSON = new Person("incident-bot", "incident-bot");

    private BotActor() {
    }
}
