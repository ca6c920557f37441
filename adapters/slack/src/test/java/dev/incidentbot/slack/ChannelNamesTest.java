package dev.incidentbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChannelNamesTest {

    @Test
    void lowercasesAndReplacesWhatSlackRejects() {
        assertThat(ChannelNames.valid("INC-20261126-7-Checkout API: returns 500s!"))
                .isEqualTo("inc-20261126-7-checkout-api-returns-500s");
        assertThat(ChannelNames.valid("inc_1 <!channel> *bold*")).isEqualTo("inc_1-channel-bold");
    }

    @Test
    void keepsLettersOfAccentedWords() {
        assertThat(ChannelNames.valid("inc-1-Café-Zahlungsüberweisung")).isEqualTo("inc-1-cafe-zahlungsuberweisung");
    }

    @Test
    void neverExceedsEightyCharactersAndNeverEndsWithAHyphen() {
        String name = ChannelNames.valid("inc-20261126-7-" + "very-long-slug-".repeat(10));
        assertThat(name).hasSizeLessThanOrEqualTo(80).doesNotEndWith("-").matches("[a-z0-9_-]+");
        assertThat(ChannelNames.withSuffix(name, 12)).hasSizeLessThanOrEqualTo(80).endsWith("-12")
                .doesNotContain("--");
    }

    @Test
    void nothingUsableBecomesAGenericName() {
        assertThat(ChannelNames.valid("🚨🚨")).isEqualTo("incident");
    }
}
