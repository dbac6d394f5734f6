package dev.mirrorpilot.policy.report;

import java.util.ArrayList;
import java.util.List;

/** Columns padded to their widest cell; numbers right-aligned. Enough for terminal reports. */
public final class TextTable {
    private final List<String> headers;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(List<String> headers, boolean... rightAligned) {
        this.headers = headers;
        this.rightAligned = rightAligned;
    }

    public TextTable row(Object... cells) {
        var row = new ArrayList<String>();
        for (var cell : cells) {
            // A cell is one line of printable text, whatever a tag or a file put in it.
            row.add(dev.mirrorpilot.policy.text.Printable.escaped(String.valueOf(cell)));
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public String render(String indent) {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < headers.size(); c++) {
            widths[c] = headers.get(c).length();
            for (var row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        var out = new StringBuilder();
        line(out, indent, headers, widths);
        rows.forEach(row -> line(out, indent, row, widths));
        return out.toString();
    }

    private void line(StringBuilder out, String indent, List<String> cells, int[] widths) {
        var text = new StringBuilder(indent);
        for (int c = 0; c < cells.size(); c++) {
            var cell = cells.get(c);
            boolean right = c < rightAligned.length && rightAligned[c];
            var pad = " ".repeat(widths[c] - cell.length());
            text.append(right ? pad + cell : cell + pad);
            if (c < cells.size() - 1) {
                text.append("  ");
            }
        }
        out.append(text.toString().stripTrailing()).append('\n');
    }
}
