package dev.incidentbot.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandPrefixesTest {
    private final CommandPrefixes prefixes = new CommandPrefixes(List.of("!incident", "/incident"));

    private static ObjectNode text(String body) {
        return JsonNodeFactory.instance.objectNode().put("msgtype", "m.text").put("body", body);
    }

    @Test
    void aPrefixMustBeAWholeWord() {
        assertThat(prefixes.commandText(text("!incident sev1 db down "))).contains("sev1 db down");
        assertThat(prefixes.commandText(text("  /incident   status"))).contains("status");
        assertThat(prefixes.commandText(text("!Incident help"))).contains("help");
        assertThat(prefixes.commandText(text("!incident"))).contains("");
        assertThat(prefixes.commandText(text("!incidents are bad"))).isEmpty();
        assertThat(prefixes.commandText(text("we had an !incident today"))).isEmpty();
    }

    @Test
    void pillsInTheFormattedBodyBecomeUserIds() {
        ObjectNode content = text("!incident commander Bob Smith");
        content.put("format", "org.matrix.custom.html");
        content.put("formatted_body", "!incident commander <a href=\"https://matrix.to/#/%40bob%3Aexample.org\">Bob Smith</a>"
                + " &amp; co");

        assertThat(prefixes.commandText(content)).contains("commander @bob:example.org & co");
    }

    @Test
    void htmlWithoutPillsKeepsThePlainBody() {
        ObjectNode content = text("!incident update <b>db</b> ok");
        content.put("format", "org.matrix.custom.html");
        content.put("formatted_body", "!incident update &lt;b&gt;db&lt;/b&gt; <strong>ok</strong>");

        assertThat(prefixes.commandText(content)).contains("update <b>db</b> ok");
    }

    @Test
    void aReplysQuotedFallbackIsDroppedOnlyInReplies() {
        ObjectNode reply = text("> <@bot:example.org> INC-7 declared\n> second line\n\n!incident commander");
        reply.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", "$original");
        assertThat(prefixes.commandText(reply)).contains("commander");

        // Not a reply: a message that merely starts with a quote is not a command.
        assertThat(prefixes.commandText(text("> quoting someone\n\n!incident commander"))).isEmpty();
        // A reply whose first paragraph is not all quote keeps its body as it is.
        ObjectNode mixed = text("> quote\nnot quoted\n\n!incident commander");
        mixed.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", "$original");
        assertThat(prefixes.commandText(mixed)).isEmpty();
    }
}
