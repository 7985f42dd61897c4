package io.quantapilot.forge.git;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

import io.quantapilot.forge.Workspace;

/**
 * Writes and finds the {@code QuantaPilot-Stage} trailer that marks a stage's squash commit on
 * {@code main}; the trailer is what makes merging a stage idempotent.
 */
final class StageTrailers {

	private static final Pattern TRAILER_LINE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*:\\s.*");

	private StageTrailers() {
	}

	static String requireValue(String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("stage trailer value must not be blank");
		}
		if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
			throw new IllegalArgumentException("stage trailer value must be a single line");
		}
		return value.strip();
	}

	/**
	 * Appends the trailer to a message. When the message already ends in a trailer block (after
	 * a subject), the trailer joins that block, because git reads only the last paragraph as
	 * trailers and a separate paragraph would demote the existing ones to body text.
	 */
	static String append(String message, String value) {
		String body = message.strip();
		String trailer = Workspace.STAGE_TRAILER + ": " + value;
		int lastBreak = body.lastIndexOf("\n\n");
		if (lastBreak >= 0 && isTrailerBlock(body.substring(lastBreak + 2))) {
			return body + "\n" + trailer + "\n";
		}
		return body + "\n\n" + trailer + "\n";
	}

	private static boolean isTrailerBlock(String paragraph) {
		return paragraph.lines().allMatch(line -> TRAILER_LINE.matcher(line).matches());
	}

	/** Walks the history of {@code start}, newest first, for a commit carrying the trailer. */
	static Optional<RevCommit> find(Repository repository, AnyObjectId start, String value) throws IOException {
		try (RevWalk walk = new RevWalk(repository)) {
			walk.markStart(walk.parseCommit(start));
			for (RevCommit commit : walk) {
				if (commit.getFooterLines(Workspace.STAGE_TRAILER).stream().map(String::strip).anyMatch(value::equals)) {
					return Optional.of(commit);
				}
			}
			return Optional.empty();
		}
	}

}
