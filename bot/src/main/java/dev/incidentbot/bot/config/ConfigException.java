package dev.incidentbot.bot.config;

import java.util.List;

/** The configuration is invalid; {@code problems} has one line per problem, each naming the key. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
