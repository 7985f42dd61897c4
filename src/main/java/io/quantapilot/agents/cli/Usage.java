package io.quantapilot.agents.cli;

/**
 * Token counts in the ledger's convention: {@code input} counts every input token, cached ones included;
 * {@code cached} is the part of {@code input} read from a cache.
 */
record Usage(long input, long output, long cached) {

	static final Usage NONE = new Usage(0, 0, 0);

	Usage plus(Usage other) {
		return new Usage(input + other.input, output + other.output, cached + other.cached);
	}

	Usage minus(Usage other) {
		return new Usage(Math.max(0, input - other.input), Math.max(0, output - other.output),
				Math.max(0, cached - other.cached));
	}

	boolean isZero() {
		return input == 0 && output == 0 && cached == 0;
	}

	@Override
	public String toString() {
		return input + " input (" + cached + " cached), " + output + " output tokens";
	}

}
