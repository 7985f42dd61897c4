package io.quantapilot.common.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.MDC;

/** The error body of the API contract: {@code {"error": {code, message, details, correlation_id}}}. */
public record ApiError(Body error) {

	public record Body(String code, String message, Map<String, Object> details, String correlationId) {
	}

	public static ApiError of(String code, String message, Map<String, ?> details) {
		return new ApiError(new Body(code, message, new LinkedHashMap<>(details), MDC.get(CorrelationIdFilter.MDC_KEY)));
	}

}
