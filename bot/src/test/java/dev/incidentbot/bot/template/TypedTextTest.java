package dev.incidentbot.bot.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import org.junit.jupiter.api.Test;

class TypedTextTest {

    private static final Text TYPED = Text.of(new Span.Plain("rolled back, see "),
            new Span.Link("https://grafana.example/d/abc?from=1&to=2", "error rate 100% ok"), new Span.Plain(" cc "),
            new Span.Mention("U0BOB001", "Bob B"), new Span.Plain(" in "),
            new Span.ConversationLink(new ConversationRef("C0INC1", "inc-1")));

    @Test
    void linksAndMentionsSurviveStorageAndEachIsOneWord() {
        String stored = TypedText.encode(TYPED);
        assertThat(TypedText.decode(stored)).isEqualTo(TYPED);
        // Labels with spaces stay inside their token: the grammar splits words on whitespace.
        assertThat(stored.split(" ")).hasSize(8);
        assertThat(TypedText.plain(stored))
                .isEqualTo("rolled back, see error rate 100% ok (https://grafana.example/d/abc?from=1&to=2) cc @Bob B in #inc-1");
    }

    @Test
    void aMentionTokenIsAPerson() {
        String token = TypedText.mention(new Person("U0BOB001", "bob"));
        assertThat(TypedText.person(token)).contains(new Person("U0BOB001", "bob"));
        assertThat(TypedText.person("@bob")).isEmpty();
        assertThat(TypedText.person(TypedText.encode(Text.of(new Span.Link("https://x.example/", "x"))))).isEmpty();
    }

    @Test
    void typedTextCannotForgeAToken() {
        String forged = "\u0003MU0BOB001\u001Fbob\u0004 and \u0003Lhttps://evil.example\u001Fx\u0004";
        String stored = TypedText.encode(Text.plain(forged));
        assertThat(TypedText.hasTokens(stored)).isFalse();
        assertThat(TypedText.decode(stored).mentions()).isEmpty();
        // Other control characters are kept for the checks that refuse them (a diagnostic's parameters).
        assertThat(TypedText.encode(Text.plain("port=80\u00000 \u001b[2J"))).isEqualTo("port=80\u00000 \u001b[2J");
        assertThat(stored).startsWith("\u001AMU0BOB001\u001Abob\u001A and");
        // Cleaning keeps real tokens and drops stray control characters.
        String real = TypedText.encode(TYPED);
        assertThat(TypedText.clean("a\u0007" + real + "\u0003")).isEqualTo("a" + real);
        assertThat(TypedText.clean("line\nnext\ttab")).isEqualTo("line\nnext\ttab");
    }
}
