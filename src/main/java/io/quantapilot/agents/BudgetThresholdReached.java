package io.quantapilot.agents;

import java.math.BigDecimal;
import java.util.UUID;

/** A project's spending crossed 50, 80 or 100 % of a limit (published once per threshold). */
public record BudgetThresholdReached(UUID projectId, int percent, long tokensUsed, BigDecimal costUsd) {
}
