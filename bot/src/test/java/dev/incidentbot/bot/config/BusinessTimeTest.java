package dev.incidentbot.bot.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Business-time arithmetic: Mon-Fri 09:00-17:00; 2030-01-04 is a Friday. */
class BusinessTimeTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private final BusinessTime business = new BusinessTime(BusinessHours.weekdaysNineToFive());

    private static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(UTC).toInstant();
    }

    @Test
    void anHourFromFridayHalfPastFourIsMondayHalfPastNine() {
        assertThat(business.plus(at("2030-01-04T16:30"), Duration.ofHours(1))).isEqualTo(at("2030-01-07T09:30"));
    }

    @Test
    void aDayIsTheNextBusinessDayAtTheSameTime() {
        assertThat(business.plus(at("2030-01-04T16:30"), Duration.ofDays(1))).isEqualTo(at("2030-01-07T16:30"));
        assertThat(business.plus(at("2030-01-08T10:15"), Duration.ofDays(1))).isEqualTo(at("2030-01-09T10:15"));
        assertThat(business.plus(at("2030-01-08T10:15"), Duration.ofDays(3))).isEqualTo(at("2030-01-11T10:15"));
        assertThat(business.plus(at("2030-01-09T10:15"), Duration.ofDays(3))).isEqualTo(at("2030-01-14T10:15"));
    }

    @Test
    void outsideHoursTheCountStartsAtTheNextOpening() {
        // Saturday and Sunday count from Monday 09:00.
        assertThat(business.plus(at("2030-01-05T11:00"), Duration.ofHours(1))).isEqualTo(at("2030-01-07T10:00"));
        assertThat(business.plus(at("2030-01-06T23:59"), Duration.ofDays(1))).isEqualTo(at("2030-01-08T09:00"));
        // Before opening counts from 09:00 that day; after closing from 09:00 the next business day.
        assertThat(business.plus(at("2030-01-08T07:00"), Duration.ofHours(1))).isEqualTo(at("2030-01-08T10:00"));
        assertThat(business.plus(at("2030-01-08T17:00"), Duration.ofHours(1))).isEqualTo(at("2030-01-09T10:00"));
        assertThat(business.plus(at("2030-01-04T18:00"), Duration.ofMinutes(30))).isEqualTo(at("2030-01-07T09:30"));
        // Nothing to add still moves a time outside hours to the next opening.
        assertThat(business.plus(at("2030-01-05T11:00"), Duration.ZERO)).isEqualTo(at("2030-01-07T09:00"));
        assertThat(business.plus(at("2030-01-08T11:00"), Duration.ZERO)).isEqualTo(at("2030-01-08T11:00"));
    }

    @Test
    void hoursCarryOverClosingTimeAndWeekends() {
        assertThat(business.plus(at("2030-01-10T15:00"), Duration.ofHours(4))).isEqualTo(at("2030-01-11T11:00"));
        // 8 business hours from Friday 16:30: half an hour on Friday, seven and a half on Monday.
        assertThat(business.plus(at("2030-01-04T16:30"), Duration.ofHours(8))).isEqualTo(at("2030-01-07T16:30"));
        // Two working days of hours from Tuesday 10:00: 7h Tuesday, 8h Wednesday, 1h Thursday.
        assertThat(business.plus(at("2030-01-08T10:00"), Duration.ofHours(16))).isEqualTo(at("2030-01-10T10:00"));
        // Days then hours: Friday 16:30 + 1d = Monday 16:30, + 4h = Tuesday 12:30.
        assertThat(business.plus(at("2030-01-04T16:30"), Duration.ofDays(1).plusHours(4))).isEqualTo(at("2030-01-08T12:30"));
    }

    @Test
    void countsInTheConfiguredTimeZoneAcrossADaylightSavingChange() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        BusinessTime berlinTime = new BusinessTime(new BusinessHours(BusinessHours.weekdaysNineToFive().days(),
                LocalTime.of(9, 0), LocalTime.of(17, 0), berlin));
        // Clocks go forward on Sunday 2030-03-31: Friday 16:30 is 15:30Z, Monday 09:30 is 07:30Z.
        Instant friday = LocalDateTime.parse("2030-03-29T16:30").atZone(berlin).toInstant();
        assertThat(friday).isEqualTo(Instant.parse("2030-03-29T15:30:00Z"));
        assertThat(berlinTime.plus(friday, Duration.ofHours(1))).isEqualTo(Instant.parse("2030-04-01T07:30:00Z"));
        assertThat(berlinTime.plus(friday, Duration.ofDays(1))).isEqualTo(Instant.parse("2030-04-01T14:30:00Z"));
    }

    @Test
    void customDaysAndHours() {
        BusinessTime sundayToThursday = new BusinessTime(new BusinessHours(Set.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY,
                DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY), LocalTime.of(8, 0), LocalTime.of(16, 0), UTC));
        // Thursday 15:30 + 1h: half an hour on Thursday, half an hour on Sunday.
        assertThat(sundayToThursday.plus(at("2030-01-03T15:30"), Duration.ofHours(1))).isEqualTo(at("2030-01-06T08:30"));
        assertThat(sundayToThursday.plus(at("2030-01-03T15:30"), Duration.ofDays(1))).isEqualTo(at("2030-01-06T15:30"));
    }

    @Test
    void withoutBusinessDaysItIsWallTime() {
        BusinessTime always = new BusinessTime(new BusinessHours(Set.of(), LocalTime.of(9, 0), LocalTime.of(17, 0), UTC));
        assertThat(always.plus(at("2030-01-05T11:00"), Duration.ofHours(1))).isEqualTo(at("2030-01-05T12:00"));
    }
}
