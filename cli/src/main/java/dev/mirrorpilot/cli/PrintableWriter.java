package dev.mirrorpilot.cli;

import dev.mirrorpilot.policy.text.Printable;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Everything the CLI prints passes through here: control characters (except line feed, carriage
 * return and tab), DEL, C1 controls, line and paragraph separators and invisible format characters
 * (bidirectional overrides, zero-width marks) are written as {@code \\uXXXX}. A tag value, a Brain's
 * answer or a file's text can then neither clear the terminal nor recolour or reorder a line. (Values
 * that could forge a whole line are escaped where they are formatted, line feeds included.)
 */
final class PrintableWriter extends FilterWriter {
    PrintableWriter(Writer out) {
        super(out);
    }

    /** Printable's rule (one rule for all output), less the line breaks and tabs the CLI's own layout writes. */
    static boolean isUnsafe(char c) {
        return c != '\n' && c != '\r' && c != '\t' && !Character.isSurrogate(c) && Printable.isUnsafe(c);
    }

    @Override
    public void write(int c) throws IOException {
        if (isUnsafe((char) c)) {
            out.write(String.format("\\u%04x", c));
        } else {
            out.write(c);
        }
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
            if (isUnsafe(buffer[i])) {
                out.write(buffer, start, i - start);
                out.write(String.format("\\u%04x", (int) buffer[i]));
                start = i + 1;
            }
        }
        out.write(buffer, start, offset + length - start);
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        write(text.toCharArray(), offset, length);
    }
}
