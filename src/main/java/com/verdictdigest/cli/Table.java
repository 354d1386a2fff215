package com.verdictdigest.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table whose columns line up whatever their contents: each column as wide as its
 * widest cell, two spaces between columns, the last column unpadded; columns of counts may be
 * aligned right ({@link #alignRight}). Control characters in a cell become spaces, so one row
 * stays one line.
 */
final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;
    private final boolean[] right;

    Table(String... headers) {
        this.columns = headers.length;
        this.right = new boolean[columns];
        rows.add(headers);
    }

    /** Aligns these columns (by header) to the right, as counts are. */
    Table alignRight(String... headers) {
        for (String h : headers) {
            int i = List.of(rows.get(0)).indexOf(h);
            if (i < 0) {
                throw new IllegalArgumentException("no column " + h);
            }
            right[i] = true;
        }
        return this;
    }

    Table row(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + columns + " columns");
        }
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) {
            r[i] = cells[i] == null ? "" : cells[i].toString().replaceAll("[\\p{Cntrl}\\u2028\\u2029]", " ");
        }
        rows.add(r);
        return this;
    }

    void print(PrintWriter out) {
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i].codePointCount(0, r[i].length()));
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String pad = " ".repeat(width[i] - r[i].codePointCount(0, r[i].length()));
                if (right[i]) {
                    line.append(pad).append(r[i]);
                } else {
                    line.append(r[i]).append(i < columns - 1 ? pad : "");
                }
                if (i < columns - 1) {
                    line.append("  ");
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
