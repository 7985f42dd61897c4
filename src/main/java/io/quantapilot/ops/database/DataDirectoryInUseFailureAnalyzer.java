package io.quantapilot.ops.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a refused start on a data directory that another process owns. */
class DataDirectoryInUseFailureAnalyzer
		extends AbstractFailureAnalyzer<EmbeddedPostgresServer.DataDirectoryInUseException> {

	@Override
	protected FailureAnalysis analyze(Throwable root, EmbeddedPostgresServer.DataDirectoryInUseException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Stop the other QuantaPilot process using this data directory, or start this one with another "
						+ "--data-dir (QP_DATA_DIR).",
				cause);
	}

}
