package dev.incidentbot.matrix;

import static org.awaitility.Awaitility.await;

import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.Inbound;
import dev.incidentbot.chat.InboundHandler;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Answers like the engine would: {@code sevN <title>} is acknowledged with a reply naming the title (as user text,
 * so it must come out escaped), anything else silently. Records every inbound for the test to inspect.
 */
final class RecordingHandler implements InboundHandler {
    private final List<Inbound> received = new CopyOnWriteArrayList<>();

    @Override
    public Ack handle(ChatPlatform from, Inbound inbound) {
        received.add(inbound);
        if (inbound instanceof Inbound.Command command && command.text().matches("(?s)sev[1-4] .*")) {
            String[] parts = command.text().split(" ", 2);
            return new Ack.Reply(RichMessage.of(Text.of(new Span.Strong("Declaring " + parts[0].toUpperCase() + ": "),
                    new Span.Plain(parts[1]))));
        }
        return Ack.silent();
    }

    List<Inbound> received() {
        return List.copyOf(received);
    }

    List<Inbound.Command> commands() {
        return received.stream().filter(Inbound.Command.class::isInstance).map(Inbound.Command.class::cast).toList();
    }

    List<Inbound.Reaction> reactions() {
        return received.stream().filter(Inbound.Reaction.class::isInstance).map(Inbound.Reaction.class::cast).toList();
    }

    Inbound.Command awaitCommand(String text) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> commands().stream().filter(c -> c.text().equals(text)).findFirst(),
                        java.util.Optional::isPresent).orElseThrow();
    }
}
