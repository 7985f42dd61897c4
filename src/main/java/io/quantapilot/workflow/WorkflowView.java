package io.quantapilot.workflow;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The state of a project's workflow, for the API's {@code GET /projects/{id}/workflow}. */
public record WorkflowView(String workflowId, String status, List<String> currentNodes, List<Node> executionHistory,
		List<UUID> pendingDecisions) {

	/** One executed (or executing) node of the process. */
	public record Node(String nodeId, String nodeName, String status, Instant startedAt, Instant completedAt,
			String aiAgent, long tokensUsed) {
	}

}
