package dev.telltale.internal.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StringsTest {
    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void cleanInputIsReturnedAsTheSameInstance() {
        String s = new String("plain ascii and a pair \uD83D\uDE00");
        assertSame(s, Strings.clean(s, 100));
        assertSame(s, Strings.clean(s, s.length()));
    }

    @Test
    void nullBecomesEmpty() {
        assertEquals("", Strings.clean(null, 10));
    }

    @Test
    void loneHighAndLowSurrogatesBecomeReplacementCharacters() {
        assertEquals("a\uFFFDb\uFFFDc\uFFFD", Strings.clean("a\uD800b\uDC00c\uD83D", 100));
    }

    @Test
    void reversedPairIsTwoLoneSurrogates() {
        assertEquals("\uFFFD\uFFFD", Strings.clean("\uDE00\uD83D", 100));
    }

    @Test
    void validPairsSurvive() {
        String s = "\uD83D\uDE00\uD83D\uDE01";
        assertEquals(s, Strings.clean(s, 10));
    }

    @Test
    void truncationKeepsTheLimitAndMarksTheCut() {
        String out = Strings.clean("abcdefghij", 5);
        assertEquals("abcd\u2026", out);
        assertEquals(5, out.length());
    }

    @Test
    void truncationNeverSplitsASurrogatePairAtAnyLimit() {
        String s = "ab\uD83D\uDE00cd\uD83D\uDE01\uD83D\uDE02ef";
        for (int max = 1; max < s.length(); max++) {
            String out = Strings.clean(s, max);
            assertTrue(out.length() <= max, max + ": " + out);
            assertTrue(out.endsWith(Strings.ELLIPSIS), max + ": " + out);
            assertTrue(wellFormed(out), "split pair at max=" + max);
            assertFalse(out.contains("\uFFFD"), "a valid pair was damaged at max=" + max);
            String kept = out.substring(0, out.length() - 1);
            assertTrue(s.startsWith(kept), max + ": " + out);
        }
    }

    @Test
    void truncationOfHostileTextIsWellFormed() {
        String s = "\uDC00\uD800x\uD83D\uDE00\uD800";
        for (int max = 1; max <= s.length() + 1; max++) {
            String out = Strings.clean(s, max);
            assertTrue(out.length() <= max, max + ": " + out);
            assertTrue(wellFormed(out), "max=" + max);
        }
    }

    @Test
    void resultNeverExceedsTheLimitEvenAtZero() {
        assertTrue(Strings.clean("abc", 0).length() <= 0);
        assertEquals("", Strings.clean("abc", 0));
    }

    @Test
    void safeToStringSurvivesAThrowingToString() {
        Object hostile = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no");
            }
        };
        String s = Strings.safeToString(hostile);
        assertTrue(s.contains("threw java.lang.IllegalStateException"), s);
        assertEquals("null", Strings.safeToString(null));
    }

    @Test
    void isBlankTreatsWhitespaceAndNullAsBlank() {
        assertTrue(Strings.isBlank(null));
        assertTrue(Strings.isBlank(" \t\n"));
        assertFalse(Strings.isBlank(" x "));
    }

    @Test
    void hexIsLowerCase() {
        assertEquals("00ff10", Strings.hex(new byte[] {0, (byte) 0xff, 0x10}));
    }
}
