package com.verdictdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When HH:MM comes in a zone: the next occurrence at or after the start, daylight saving included. */
class LocalDeliveryTest {

    static Instant due(String start, String at, String zone) {
        return LocalDelivery.dueAt(Instant.parse(start), LocalTime.parse(at), ZoneId.of(zone));
    }

    @ParameterizedTest(name = "{2} {1} after {0}: {3}")
    @CsvSource({
            // later today there, or else tomorrow
            "2026-11-22T18:00:00Z, 08:00, America/New_York,  2026-11-23T13:00:00Z",
            "2026-11-22T18:00:00Z, 08:00, Asia/Tokyo,        2026-11-22T23:00:00Z",
            "2026-11-22T18:00:00Z, 08:00, Europe/Berlin,     2026-11-23T07:00:00Z",
            "2026-11-22T18:00:00Z, 08:00, Asia/Kathmandu,    2026-11-23T02:15:00Z",
            "2026-11-22T18:00:00Z, 08:00, Pacific/Kiritimati, 2026-11-22T18:00:00Z",
            // exactly HH:MM at the start is due at once; a second later it is tomorrow's
            "2026-11-23T07:00:00Z, 08:00, Europe/Berlin,     2026-11-23T07:00:00Z",
            "2026-11-23T07:00:01Z, 08:00, Europe/Berlin,     2026-11-24T07:00:00Z",
            // the week the clocks change: 08:00 CET on Saturday, 08:00 CEST on Sunday
            "2026-03-27T12:00:00Z, 08:00, Europe/Berlin,     2026-03-28T07:00:00Z",
            "2026-03-28T12:00:00Z, 08:00, Europe/Berlin,     2026-03-29T06:00:00Z",
            "2026-10-24T12:00:00Z, 08:00, Europe/Berlin,     2026-10-25T07:00:00Z",
            // the southern hemisphere changes the other way (Sydney leaves DST on 5 April 2026)
            "2026-04-04T12:00:00Z, 08:00, Australia/Sydney,  2026-04-04T22:00:00Z",
    })
    void theNextOccurrenceOfTheLocalTimeAtOrAfterTheStart(String start, String at, String zone, String expected) {
        assertThat(due(start, at, zone)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void aLocalTimeTheClocksJumpOverIsDueWhereTheGapEnds() {
        // Berlin, 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00Z); 02:30 does not exist.
        assertThat(due("2026-03-28T12:00:00Z", "02:30", "Europe/Berlin")).isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
        // New York, 8 March 2026: 02:00 EST becomes 03:00 EDT (07:00Z).
        assertThat(due("2026-03-07T12:00:00Z", "02:15", "America/New_York")).isEqualTo(Instant.parse("2026-03-08T07:00:00Z"));
        // The gap's end is the first instant that exists: one second earlier the clocks showed 01:59:59 CET.
        assertThat(Instant.parse("2026-03-29T01:00:00Z").minusSeconds(1).atZone(ZoneId.of("Europe/Berlin")).toLocalTime())
                .isEqualTo(LocalTime.of(1, 59, 59));
    }

    @Test
    void aLocalTimeThatComesTwiceIsDueTheFirstTime() {
        // Berlin, 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:30 comes at 00:30Z and at 01:30Z.
        assertThat(due("2026-10-24T12:00:00Z", "02:30", "Europe/Berlin")).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
        // A day has one instant for 02:30, its first: started between the two, the next is the next day's.
        assertThat(due("2026-10-25T01:00:00Z", "02:30", "Europe/Berlin")).isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));
        // New York, 1 November 2026: 01:30 comes at 05:30Z (EDT) and 06:30Z (EST).
        assertThat(due("2026-10-31T12:00:00Z", "01:30", "America/New_York")).isEqualTo(Instant.parse("2026-11-01T05:30:00Z"));
    }

    @Test
    void aDayTheZoneSkippedIsAGapLikeAnyOther() {
        // Samoa jumped from 29 to 31 December 2011: 30 December 08:00 never came there; the gap
        // ended at 31 December 00:00 (UTC+14), 10:00Z on the 30th.
        assertThat(due("2011-12-29T20:00:00Z", "08:00", "Pacific/Apia")).isEqualTo(Instant.parse("2011-12-30T10:00:00Z"));
    }

    @Test
    void localTimesAreReadAsHoursAndMinutes() {
        assertThat(LocalDelivery.parse(" 08:00 ")).isEqualTo(LocalTime.of(8, 0));
        assertThat(LocalDelivery.parse("23:59")).isEqualTo(LocalTime.of(23, 59));
        assertThat(LocalDelivery.format(LocalTime.of(7, 5))).isEqualTo("07:05");
        for (String bad : new String[] {"8:00", "24:00", "08:60", "08:00:00", "", "soon"}) {
            assertThatThrownBy(() -> LocalDelivery.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("give HH:MM, such as 08:00");
        }
    }
}
