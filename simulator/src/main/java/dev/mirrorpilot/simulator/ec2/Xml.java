package dev.mirrorpilot.simulator.ec2;

/** A small writer for EC2 response XML; values are escaped, empty optional values are left out. */
public final class Xml {
    public static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

    public Xml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    public Xml openRoot(String name) {
        return openRoot(name, NAMESPACE);
    }

    /** The root element of another Query-protocol service (ELBv2, STS), in its own namespace. */
    public Xml openRoot(String name, String namespace) {
        out.append('<').append(name).append(" xmlns=\"").append(namespace).append("\">");
        return this;
    }

    public Xml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    public Xml element(String name, Object value) {
        if (value == null) {
            return this;
        }
        out.append('<').append(name).append('>').append(escape(String.valueOf(value))).append("</").append(name).append('>');
        return this;
    }

    public static String escape(String text) {
        var escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
