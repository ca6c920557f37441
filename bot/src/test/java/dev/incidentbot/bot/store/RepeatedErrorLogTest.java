package dev.incidentbot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RepeatedErrorLogTest {
    @Test
    void aRepeatedErrorIsLoggedOncePerIntervalWithItsCount() {
        Logger logger = (Logger) LoggerFactory.getLogger("repeated-error-test");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        RepeatedErrorLog log = new RepeatedErrorLog(logger, Duration.ofMillis(300));
        for (int i = 0; i < 1000; i++) {
            log.error("full", "database write failed: the disk is full", new IllegalStateException("x"));
        }
        assertThat(lines.list).hasSize(1);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            log.error("full", "database write failed: the disk is full", new IllegalStateException("x"));
            return lines.list.size() == 2;
        });
        assertThat(lines.list.get(1).getFormattedMessage()).contains("database write failed: the disk is full (and ")
                .contains("more times since the last line");
        log.cleared("full");
        log.error("full", "database write failed: the disk is full", null);
        assertThat(lines.list).hasSize(3);
        assertThat(lines.list.get(2).getFormattedMessage()).doesNotContain("more times");
    }
}
