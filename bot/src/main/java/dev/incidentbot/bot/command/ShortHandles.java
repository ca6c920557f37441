package dev.incidentbot.bot.command;

import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.template.TypedText;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.DeliveryException;
import dev.incidentbot.chat.Person;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns a short handle typed as a command's person ({@code commander @bob}) into that person, asking the platform
 * ({@link ChatPlatform#findPeople}, which may call the network) before the use case's database transaction begins.
 */
final class ShortHandles {

    /** The command with its handle resolved, or the answer to give instead of running it. */
    sealed interface Resolved {
        record Ready(Command command) implements Resolved { }

        /** Several people match, or the platform could not be asked. */
        record Ambiguous(String question) implements Resolved { }
    }

    private ShortHandles() {
    }

    static Resolved resolve(ChatPlatform platform, ConversationRef where, Command command) {
        if (command instanceof Command.Commander c && !c.mention().isEmpty()) {
            return resolveOne(platform, where, c.mention(), m -> new Command.Commander(c.incident(), m));
        }
        if (command instanceof Command.AssignRole r) {
            return resolveOne(platform, where, r.mention(), m -> new Command.AssignRole(r.incident(), r.role(), m));
        }
        if (command instanceof Command.ActionItem a && !a.owner().isEmpty()) {
            return resolveOne(platform, where, a.owner(), m -> new Command.ActionItem(a.incident(), a.text(), m, a.due()));
        }
        return new Resolved.Ready(command);
    }

    private static Resolved resolveOne(ChatPlatform platform, ConversationRef where, String mention,
                                       java.util.function.Function<String, Command> with) {
        if (!mention.startsWith("@") || TypedText.person(mention).isPresent()
                || platform.resolvePerson(mention).isPresent()) {
            return new Resolved.Ready(with.apply(mention));
        }
        List<Person> found;
        try {
            found = platform.findPeople(where, mention);
        } catch (DeliveryException e) {
            return new Resolved.Ambiguous("Could not look up `" + mention + "` on " + platform.name()
                    + " just now; nothing was changed. Try again, or pick them from the mention list.");
        }
        if (found.size() == 1) {
            return new Resolved.Ready(with.apply(TypedText.mention(found.get(0))));
        }
        if (found.isEmpty()) {
            return new Resolved.Ready(with.apply(mention)); // the use case says it cannot tell who that is
        }
        String names = found.stream().map(p -> p.displayName() + " (" + p.id() + ")").collect(Collectors.joining(", "));
        return new Resolved.Ambiguous("`" + mention + "` could be: " + names + " — mention one of them.");
    }
}
