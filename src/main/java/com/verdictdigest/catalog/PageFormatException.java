package com.verdictdigest.catalog;

/**
 * A comparison page that does not follow the page format. The message reads
 * {@code file:line: expected …, found …}, the way compilers report, so editors can jump to it.
 */
public class PageFormatException extends RuntimeException {

    private final String file;
    private final int line;
    private final String expected;
    private final String found;

    /**
     * @param found what is there instead, already phrased: a quoted line, or "end of file"
     */
    public PageFormatException(String file, int line, String expected, String found) {
        super(file + ":" + line + ": expected " + expected + ", found " + found);
        this.file = file;
        this.line = line;
        this.expected = expected;
        this.found = found;
    }

    public String file() {
        return file;
    }

    /** 1-based; one past the last line when the file ended too early. */
    public int line() {
        return line;
    }

    public String expected() {
        return expected;
    }

    public String found() {
        return found;
    }
}
