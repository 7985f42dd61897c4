package io.quantapilot.agents;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import io.quantapilot.common.QuantaPilotException;

/**
 * A run was not started, or was stopped, because the project's budget cannot cover it. The pipeline
 * then waits on a {@code budget_exceeded} decision; retrying without raising the limit cannot help.
 */
public class BudgetExhaustedException extends QuantaPilotException {

	public BudgetExhaustedException(String message, long usedTokens, BigDecimal usedCostUsd, AgentRequest.Budget budget,
			long neededTokens) {
		super(message, details(usedTokens, usedCostUsd, budget, neededTokens), null);
	}

	private static Map<String, Object> details(long usedTokens, BigDecimal usedCost, AgentRequest.Budget budget,
			long needed) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("tokens_used", usedTokens);
		details.put("cost_usd", usedCost);
		// Unlimited dimensions are left out (the error details hold no nulls).
		if (budget.maxTokens() != null) {
			details.put("max_tokens", budget.maxTokens());
		}
		if (budget.maxCostUsd() != null) {
			details.put("max_cost_usd", budget.maxCostUsd());
		}
		details.put("estimated_tokens_needed", needed);
		return details;
	}

}
