package com.verdictdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class TableTest {

    private static String print(Table t) {
        StringWriter s = new StringWriter();
        try (PrintWriter out = new PrintWriter(s)) {
            t.print(out);
        }
        return s.toString();
    }

    @Test
    void columnsLineUpCountsAlignRightAndTheLastColumnIsNotPadded() {
        Table t = new Table("WAVE", "READERS", "ZONES").alignRight("READERS")
                .row(1, 12_000, "Asia/Tokyo (12000)")
                .row(2, 7, "UTC (7)");

        assertThat(print(t).lines()).containsExactly(
                "WAVE  READERS  ZONES",
                "1       12000  Asia/Tokyo (12000)",
                "2           7  UTC (7)");
    }

    @Test
    void aCellsControlCharactersBecomeSpacesSoARowStaysOneLine() {
        Table t = new Table("NAME", "NOTE").row("Ada\nLovelace", "x\u2028y");

        assertThat(print(t).lines()).containsExactly("NAME          NOTE", "Ada Lovelace  x y");
    }

    @Test
    void anUnknownColumnOrAShortRowIsRefused() {
        assertThatThrownBy(() -> new Table("A", "B").alignRight("C")).hasMessageContaining("no column C");
        assertThatThrownBy(() -> new Table("A", "B").row(1)).hasMessageContaining("a row of 1 cells in a table of 2 columns");
    }
}
