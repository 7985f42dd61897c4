package io.quantapilot.common.web;

import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Errors raised outside Spring MVC (by the container or a filter) also get the API error body. */
@RestController
public class JsonErrorController implements ErrorController {

	@RequestMapping(value = "/error", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ApiError> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = code instanceof Integer i ? HttpStatus.resolve(i) : null;
		if (status == null) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		String errorCode = switch (status.value()) {
			case 400 -> "INVALID_REQUEST";
			case 401 -> "UNAUTHENTICATED";
			case 403 -> "FORBIDDEN";
			case 404 -> "NOT_FOUND";
			case 405 -> "METHOD_NOT_ALLOWED";
			case 413 -> "PAYLOAD_TOO_LARGE";
			case 429 -> "RATE_LIMITED";
			case 503 -> "UNAVAILABLE";
			default -> status.is4xxClientError() ? "INVALID_REQUEST" : "INTERNAL_ERROR";
		};
		String message = status.is5xxServerError() ? "internal error; quote the correlation id"
				: status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT);
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(ApiError.of(errorCode, message, Map.of()));
	}

}
