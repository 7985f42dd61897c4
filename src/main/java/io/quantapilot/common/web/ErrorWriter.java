package io.quantapilot.common.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/** Writes the API error body from servlet filters, which run before Spring MVC's exception handling. */
@Component
public class ErrorWriter {

	private final JsonMapper json;

	ErrorWriter(JsonMapper json) {
		this.json = json;
	}

	public void write(HttpServletResponse response, int status, String code, String message, Map<String, ?> details)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(json.writeValueAsString(ApiError.of(code, message, details)));
		response.flushBuffer();
	}

}
