package dev.jfmm.scheme;

/** A scheme file that cannot be read; the message is one line, "FILE:LINE: what is wrong". */
public final class SchemeFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;

    public SchemeFormatException(String source, int line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.source = source;
        this.line = line;
    }

    /** The file (or other source) name. */
    public String source() {
        return source;
    }

    /** The 1-based line the problem was found on. */
    public int line() {
        return line;
    }
}
