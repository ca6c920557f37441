package dev.incidentbot.bot.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The invariants of the one text hygiene every platform's input goes through. */
class UserTextProperties {

    @Provide
    Arbitrary<String> text() {
        return HostileText.any();
    }

    @Property(tries = 10_000)
    void aTitleIsOneNfcLineWithNothingInvisibleOrReordering(@ForAll("text") String raw) {
        String title = UserText.title(raw);

        assertThat(title).isEqualTo(title.strip()).doesNotContain("  ");
        assertThat(Normalizer.isNormalized(title, Normalizer.Form.NFC)).isTrue();
        title.codePoints().forEach(cp -> {
            assertThat(Character.isISOControl(cp)).as("U+%04X", cp).isFalse();
            assertThat(cp).as("U+%04X", cp).isNotIn(0x2028, 0x2029, 0x200b, 0x2060, 0xfeff, 0x202a, 0x202b, 0x202c,
                    0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c);
            assertThat(Character.getType(cp)).as("U+%04X", cp).isNotEqualTo((int) Character.SURROGATE);
        });
        assertThat(UserText.title(title)).as("idempotent").isEqualTo(title);
    }

    @Example
    void aRemovedCharacterBetweenALetterAndItsAccentStillLetsThemCompose() {
        // found by the property above: NFC before removing U+200B left "e" + U+0301 uncomposed
        assertThat(UserText.title("cafe\u200b\u0301")).isEqualTo("caf\u00e9");
    }

    @Property(tries = 10_000)
    void aTitleIsEmptyExactlyWhenNothingVisibleWasTyped(@ForAll("text") String raw) {
        String title = UserText.title(raw);
        boolean visible = raw.codePoints().anyMatch(cp -> !Character.isWhitespace(cp) && !Character.isSpaceChar(cp)
                && !UserText.isRemoved(cp) && cp != 0x200c && cp != 0x200d && cp != 0x85 && cp != 0x2028
                && cp != 0x2029);

        assertThat(title.isEmpty()).isEqualTo(!visible);
        // a joiner never starts or ends a title, so a title is never only joiners
        if (!title.isEmpty()) {
            assertThat(title.codePointAt(0)).isNotIn(0x200c, 0x200d);
            assertThat(title.codePointBefore(title.length())).isNotIn(0x200c, 0x200d);
        }
    }

    @Property(tries = 10_000)
    void aBodyKeepsItsLinesButNoOtherKindOfBreakAndNoMoreLinesThanTyped(@ForAll("text") String raw) {
        String body = UserText.body(raw);

        assertThat(body).doesNotContain("\r", "\u2028", "\u2029", "\u0085", "\u000b", "\u000c", "\n\n\n", "\t");
        body.codePoints().forEach(cp -> assertThat(cp == '\n' || !Character.isISOControl(cp)).isTrue());
        long breaks = raw.codePoints().filter(cp -> cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029
                || cp == 0x85 || cp == 0x0b || cp == 0x0c).count();
        assertThat(body.chars().filter(c -> c == '\n').count()).isLessThanOrEqualTo(breaks);
        assertThat(UserText.body(body)).as("idempotent").isEqualTo(body);
    }
}
