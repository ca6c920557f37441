package dev.incidentbot.bot.runner;

import java.nio.charset.StandardCharsets;

/**
 * Collects one output stream while it is read, never holding more than the cap: the first half of the cap is kept
 * as the head, the last half in a ring buffer as the tail, everything between is only counted.
 */
final class OutputCapture {
    private final byte[] head;
    private final byte[] tail;
    private int headLength;
    private long tailWritten;
    private long total;

    OutputCapture(long capBytes) {
        int cap = (int) Math.min(capBytes, Integer.MAX_VALUE - 8);
        this.head = new byte[(cap + 1) / 2];
        this.tail = new byte[cap / 2];
    }

    synchronized void append(byte[] buffer, int offset, int length) {
        total += length;
        int intoHead = Math.min(length, head.length - headLength);
        System.arraycopy(buffer, offset, head, headLength, intoHead);
        headLength += intoHead;
        int rest = length - intoHead;
        int from = offset + intoHead;
        if (rest <= 0 || tail.length == 0) {
            return;
        }
        if (rest > tail.length) {
            // only the last tail.length bytes of this chunk can survive
            from += rest - tail.length;
            tailWritten += rest - tail.length;
            rest = tail.length;
        }
        int position = (int) (tailWritten % tail.length);
        int first = Math.min(rest, tail.length - position);
        System.arraycopy(buffer, from, tail, position, first);
        System.arraycopy(buffer, from + first, tail, 0, rest - first);
        tailWritten += rest;
    }

    /** Bytes held in memory: bounded by the cap whatever the program writes. */
    int capacity() {
        return head.length + tail.length;
    }

    synchronized CapturedOutput finish(Redactor redactor) {
        int tailLength = (int) Math.min(tailWritten, tail.length);
        byte[] tailBytes = new byte[tailLength];
        long firstTail = tailWritten - tailLength;
        for (int i = 0; i < tailLength; i++) {
            tailBytes[i] = tail[(int) ((firstTail + i) % tail.length)];
        }
        if (tailWritten <= tail.length) {
            // decoded as one piece: a character may straddle the head/tail split
            byte[] all = new byte[headLength + tailLength];
            System.arraycopy(head, 0, all, 0, headLength);
            System.arraycopy(tailBytes, 0, all, headLength, tailLength);
            return new CapturedOutput(redactor.redact(new String(all, StandardCharsets.UTF_8)), total, total);
        }
        // Cut at line ends near the edges: a half line at the cut is noise, and could be half a secret that no
        // redaction pattern recognises any more.
        int headEnd = headLength;
        int lastNewline = lastIndexOf(head, headLength, (byte) '\n');
        if (lastNewline >= headLength * 3 / 4) {
            headEnd = lastNewline + 1;
        }
        int tailStart = 0;
        int firstNewline = indexOf(tailBytes, (byte) '\n');
        if (firstNewline >= 0 && firstNewline < tailLength / 4) {
            tailStart = firstNewline + 1;
        }
        long kept = headEnd + (tailLength - tailStart);
        String headText = redactor.redact(new String(head, 0, headEnd, StandardCharsets.UTF_8));
        String tailText = redactor.redact(new String(tailBytes, tailStart, tailLength - tailStart,
                StandardCharsets.UTF_8));
        String joint = headText.endsWith("\n") ? headText.substring(0, headText.length() - 1) : headText;
        return new CapturedOutput(joint + CapturedOutput.marker(total - kept) + tailText, total, kept);
    }

    private static int lastIndexOf(byte[] bytes, int length, byte b) {
        for (int i = length - 1; i >= 0; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
