package dev.incidentbot.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A platform-neutral message: Slack renders it as Block Kit, Matrix as HTML plus a plain body, the console as text.
 * {@code header} and {@code context} may be empty.
 */
public record RichMessage(Text header, List<Block> blocks, List<Button> actions, Text context) {
    public RichMessage {
        Objects.requireNonNull(header, "header");
        blocks = List.copyOf(blocks);
        actions = List.copyOf(actions);
        Objects.requireNonNull(context, "context");
    }

    public static RichMessage text(String plain) {
        return new RichMessage(Text.empty(), List.of(new Block.Paragraph(Text.plain(plain))), List.of(), Text.empty());
    }

    public static RichMessage of(Text paragraph) {
        return new RichMessage(Text.empty(), List.of(new Block.Paragraph(paragraph)), List.of(), Text.empty());
    }

    public RichMessage withBlock(Block block) {
        List<Block> all = new ArrayList<>(blocks);
        all.add(block);
        return new RichMessage(header, all, actions, context);
    }

    public RichMessage withActions(List<Button> buttons) {
        return new RichMessage(header, blocks, buttons, context);
    }

    public RichMessage withContext(Text line) {
        return new RichMessage(header, blocks, actions, line);
    }

    /** Every mention anywhere in the message, in reading order. */
    public List<Span.Mention> mentions() {
        List<Span.Mention> all = new ArrayList<>(header.mentions());
        for (Block block : blocks) {
            if (block instanceof Block.Paragraph p) {
                all.addAll(p.text().mentions());
            } else if (block instanceof Block.Fields f) {
                f.fields().forEach(field -> all.addAll(field.value().mentions()));
            }
        }
        all.addAll(context.mentions());
        return all;
    }
}
