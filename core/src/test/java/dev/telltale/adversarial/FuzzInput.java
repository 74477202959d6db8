package dev.telltale.adversarial;

/**
 * Structured values from raw bytes, so that one fuzz target serves Jazzer (which mutates the bytes)
 * and the seeded generated runs in CI (random bytes). Past the end it reads zeros: every input is
 * a valid program.
 */
public final class FuzzInput {
    /** Characters that break parsers: separators, escapes, controls, non-ASCII, lone surrogates. */
    private static final String NASTY =
            ":/@?#%[]\\ ,;=&\"'{}\n\r\t\u0000\u007f\u00e9\u2028\u202e\ud800\udc00\uffff+*.-_~!$()<>|`^";

    private final byte[] data;
    private int at;

    public FuzzInput(byte[] data) {
        this.data = data == null ? new byte[0] : data;
    }

    public int size() {
        return data.length;
    }

    public int nextByte() {
        return at < data.length ? data[at++] & 0xff : 0;
    }

    public int nextInt(int bound) {
        if (bound <= 1) {
            return 0;
        }
        int v = (nextByte() << 8) | nextByte();
        return v % bound;
    }

    public boolean bool() {
        return (nextByte() & 1) == 1;
    }

    public <T> T pick(T[] options) {
        return options[nextInt(options.length)];
    }

    /** A string of up to {@code max} characters drawn from letters, digits and {@link #NASTY}. */
    public String string(int max) {
        int n = nextInt(max + 1);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int k = nextByte();
            if (k < 96) {
                b.append((char) ('a' + k % 26));
            } else if (k < 128) {
                b.append((char) ('0' + k % 10));
            } else if (k < 224) {
                b.append(NASTY.charAt(k % NASTY.length()));
            } else {
                b.append((char) (nextByte() << 8 | nextByte()));
            }
        }
        return b.toString();
    }

    /** Sometimes a very long string: sizes the bounds must hold against. */
    public String maybeHuge(int max) {
        if (nextInt(16) == 0) {
            StringBuilder b = new StringBuilder();
            String unit = string(8) + "x";
            int n = 1 + nextInt(200_000 / unit.length());
            for (int i = 0; i < n; i++) {
                b.append(unit);
            }
            return b.toString();
        }
        return string(max);
    }

    /** {@code s} with a few random characters inserted, deleted or replaced. */
    public String mutate(String s) {
        StringBuilder b = new StringBuilder(s);
        int n = nextInt(4);
        for (int i = 0; i < n; i++) {
            int pos = b.length() == 0 ? 0 : nextInt(b.length() + 1);
            switch (nextInt(3)) {
                case 0:
                    b.insert(pos, string(3));
                    break;
                case 1:
                    if (pos < b.length()) {
                        b.deleteCharAt(pos);
                    }
                    break;
                default:
                    String c = string(1);
                    if (pos < b.length() && !c.isEmpty()) {
                        b.setCharAt(pos, c.charAt(0));
                    }
            }
        }
        return b.toString();
    }
}
