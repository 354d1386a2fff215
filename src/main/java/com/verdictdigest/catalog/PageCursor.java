package com.verdictdigest.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a page as a browser's "copy text" gives them, read one at a time. Blank lines only
 * separate blocks in the full layout, so they are dropped; every line keeps its number in the file
 * for error messages.
 */
final class PageCursor {

    record Line(int number, String text) {
    }

    private static final int QUOTE_AT_MOST = 60;

    private final String file;
    private final List<Line> lines;
    private final int endOfFile;
    private int pos;

    private PageCursor(String file, List<Line> lines, int endOfFile) {
        this.file = file;
        this.lines = lines;
        this.endOfFile = endOfFile;
    }

    static PageCursor of(String file, String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] raw = text.split("\r\n|\r|\n", -1);
        int count = raw.length;
        if (count > 0 && raw[count - 1].isEmpty()) {
            count--; // the newline ending the last line starts no line of its own
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // Copied web text carries no-break spaces; they are spaces to a reader.
            String t = raw[i].replace('\u00A0', ' ').replace('\u202F', ' ').strip();
            if (!t.isEmpty()) {
                lines.add(new Line(i + 1, t));
            }
        }
        return new PageCursor(file, lines, count + 1);
    }

    String file() {
        return file;
    }

    boolean atEnd() {
        return pos >= lines.size();
    }

    /** The current line, or null at the end. */
    Line peek() {
        return peek(0);
    }

    /** The line {@code ahead} lines after the current one, or null past the end. */
    Line peek(int ahead) {
        int i = pos + ahead;
        return i >= 0 && i < lines.size() ? lines.get(i) : null;
    }

    /** Whether the current line is {@code text} (ignoring case). */
    boolean at(String text) {
        return !atEnd() && lines.get(pos).text().equalsIgnoreCase(text);
    }

    /** The current line, consumed; at the end, an error saying what was expected. */
    Line next(String expected) {
        if (atEnd()) {
            throw error(expected);
        }
        return lines.get(pos++);
    }

    /** Consumes the line {@code text} or fails saying it was expected. */
    Line expect(String text) {
        if (!at(text)) {
            throw error("\"" + text + "\"");
        }
        return lines.get(pos++);
    }

    /** An error at the current line (or at the end of the file). */
    PageFormatException error(String expected) {
        return atEnd() ? new PageFormatException(file, endOfFile, expected, "end of file")
                : errorAt(lines.get(pos), expected);
    }

    PageFormatException errorAt(Line line, String expected) {
        return new PageFormatException(file, line.number(), expected, quote(line.text()));
    }

    static String quote(String text) {
        int cut = text.offsetByCodePoints(0, Math.min(QUOTE_AT_MOST, text.codePointCount(0, text.length())));
        return "\"" + (cut < text.length() ? text.substring(0, cut) + "…" : text) + "\"";
    }
}
