package io.quantapilot.quality.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Drains a process's merged output on its own thread, so the process never blocks on a full
 * pipe, keeping at most a fixed number of bytes: the first quarter and the last three quarters,
 * since build tools print their summary and failures at the end. Every complete line is also
 * handed to a consumer before anything is dropped, so parsing sees the whole output.
 */
public final class OutputCapture implements Runnable {

	// Lines longer than this are cut for parsing only; no summary line is anywhere near it.
	private static final int MAX_PARSED_LINE_BYTES = 8 * 1024;

	private final InputStream in;

	private final Consumer<String> lines;

	private final byte[] head;

	private int headLength;

	private final byte[] tail;

	// Next write position in the tail ring, and how many bytes it holds.
	private int tailPosition;

	private int tailLength;

	private long totalBytes;

	private final ByteArrayOutputStream currentLine = new ByteArrayOutputStream();

	private boolean finished;

	/**
	 * Creates a capture.
	 *
	 * @param in the process's output; closed when drained
	 * @param maxBytes most bytes of output to keep
	 * @param lines receives each line, without its terminator
	 */
	public OutputCapture(InputStream in, int maxBytes, Consumer<String> lines) {
		this.in = in;
		this.lines = lines;
		int headSize = maxBytes / 4;
		this.head = new byte[headSize];
		this.tail = new byte[maxBytes - headSize];
	}

	@Override
	public void run() {
		byte[] buffer = new byte[8192];
		try (InputStream stream = this.in) {
			int read;
			while ((read = stream.read(buffer)) != -1) {
				append(buffer, read);
			}
		}
		catch (IOException ex) {
			// The pipe breaks when the process is killed; what was read so far is kept.
		}
		finally {
			finish();
		}
	}

	private synchronized void append(byte[] buffer, int length) {
		this.totalBytes += length;
		int offset = 0;
		if (this.headLength < this.head.length) {
			int toHead = Math.min(length, this.head.length - this.headLength);
			System.arraycopy(buffer, 0, this.head, this.headLength, toHead);
			this.headLength += toHead;
			offset = toHead;
		}
		for (int i = offset; i < length; i++) {
			this.tail[this.tailPosition] = buffer[i];
			this.tailPosition = (this.tailPosition + 1) % this.tail.length;
			this.tailLength = Math.min(this.tailLength + 1, this.tail.length);
		}
		for (int i = 0; i < length; i++) {
			byte b = buffer[i];
			if (b == '\n') {
				emitLine();
			}
			else if (this.currentLine.size() < MAX_PARSED_LINE_BYTES) {
				this.currentLine.write(b);
			}
		}
	}

	private void emitLine() {
		String line = this.currentLine.toString(StandardCharsets.UTF_8);
		this.currentLine.reset();
		this.lines.accept(line);
	}

	private synchronized void finish() {
		if (this.currentLine.size() > 0) {
			emitLine();
		}
		this.finished = true;
		notifyAll();
	}

	/**
	 * Waits until the output has been drained to its end.
	 *
	 * @param millis most milliseconds to wait
	 * @return whether the end was reached; {@code false} when some process still holds the pipe
	 * @throws InterruptedException when the waiting thread is interrupted
	 */
	public synchronized boolean awaitEnd(long millis) throws InterruptedException {
		long deadline = System.currentTimeMillis() + millis;
		while (!this.finished) {
			long remaining = deadline - System.currentTimeMillis();
			if (remaining <= 0) {
				return false;
			}
			wait(remaining);
		}
		return true;
	}

	/**
	 * Tells whether output was dropped.
	 *
	 * @return {@code true} when more bytes arrived than are kept
	 */
	public synchronized boolean truncated() {
		return this.totalBytes > this.headLength + this.tailLength;
	}

	/**
	 * Returns the kept output, with a marker where bytes were dropped.
	 *
	 * @return the output as text
	 */
	public synchronized String text() {
		byte[] rest = orderedTail();
		if (!truncated()) {
			// Decode head and tail together: a character may straddle the two buffers.
			byte[] all = new byte[this.headLength + rest.length];
			System.arraycopy(this.head, 0, all, 0, this.headLength);
			System.arraycopy(rest, 0, all, this.headLength, rest.length);
			return new String(all, StandardCharsets.UTF_8);
		}
		String headText = new String(this.head, 0, completeUtf8Length(this.head, this.headLength), StandardCharsets.UTF_8);
		int start = 0;
		// The ring may begin in the middle of a multi-byte character: skip its continuation bytes.
		while (start < rest.length && (rest[start] & 0xC0) == 0x80) {
			start++;
		}
		long dropped = this.totalBytes - this.headLength - this.tailLength;
		return headText + "\n[... " + dropped + " bytes of output omitted ...]\n"
				+ new String(rest, start, rest.length - start, StandardCharsets.UTF_8);
	}

	/**
	 * Runs a read of the line consumer's state under this capture's lock, so that it does not race
	 * with lines still arriving from a process that outlived its run.
	 *
	 * @param <T> the result type
	 * @param reader reads the consumer's state
	 * @return what the reader returned
	 */
	public synchronized <T> T inspect(Supplier<T> reader) {
		return reader.get();
	}

	private byte[] orderedTail() {
		byte[] ordered = new byte[this.tailLength];
		int start = (this.tailLength < this.tail.length) ? 0 : this.tailPosition;
		for (int i = 0; i < this.tailLength; i++) {
			ordered[i] = this.tail[(start + i) % this.tail.length];
		}
		return ordered;
	}

	/** Length of the prefix that does not end in the middle of a multi-byte UTF-8 character. */
	private static int completeUtf8Length(byte[] bytes, int length) {
		if (length == 0) {
			return 0;
		}
		int lead = length - 1;
		// Walk back over at most three continuation bytes to the character's lead byte.
		while (lead > 0 && length - lead < 4 && (bytes[lead] & 0xC0) == 0x80) {
			lead--;
		}
		int b = bytes[lead] & 0xFF;
		int expected = (b < 0x80) ? 1 : (b >= 0xF0) ? 4 : (b >= 0xE0) ? 3 : (b >= 0xC0) ? 2 : 1;
		return (lead + expected <= length) ? length : lead;
	}

}
