package io.quantapilot.common.web;

import java.util.Map;

import io.quantapilot.common.QuantaPilotException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every failure to the API error body (API.md "Errors"): 4xx logged at WARN, 5xx at ERROR, never a
 * stack trace or an internal message in the response.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(QuantaPilotException.class)
	ResponseEntity<ApiError> domain(QuantaPilotException ex) {
		if (ex instanceof QuantaPilotException.NotFound) {
			return respond(HttpStatus.NOT_FOUND, "NOT_FOUND", ex.getMessage(), ex.details());
		}
		if (ex instanceof QuantaPilotException.Conflict) {
			return respond(HttpStatus.CONFLICT, "CONFLICT", ex.getMessage(), ex.details());
		}
		if (ex instanceof QuantaPilotException.Forbidden) {
			return respond(HttpStatus.FORBIDDEN, "FORBIDDEN", ex.getMessage(), ex.details());
		}
		if (ex instanceof QuantaPilotException.InvalidRequest) {
			return respond(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", ex.getMessage(), ex.details());
		}
		if (ex.isTransient()) {
			log.error("Service unavailable: {}", ex.getMessage(), ex);
			return respond(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", "temporarily unavailable, try again",
					Map.of());
		}
		return unexpected(ex);
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof RequestSizeLimitFilter.PayloadTooLargeException) {
				return respond(HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE", t.getMessage(), Map.of());
			}
		}
		return respond(HttpStatus.BAD_REQUEST, "MALFORMED_JSON", "the request body is not valid JSON of the expected shape",
				Map.of());
	}

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ResponseEntity<ApiError> invalid(MethodArgumentNotValidException ex) {
		var error = ex.getBindingResult().getFieldErrors().stream().findFirst();
		return respond(HttpStatus.BAD_REQUEST, "INVALID_REQUEST",
				error.map(e -> e.getField() + " " + e.getDefaultMessage()).orElse("invalid request"),
				error.<Map<String, Object>>map(e -> Map.of("field", e.getField())).orElse(Map.of()));
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException ex) {
		return respond(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", ex.getName() + " has an invalid value",
				Map.of("field", ex.getName()));
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException ex) {
		return respond(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", ex.getParameterName() + " is required",
				Map.of("field", ex.getParameterName()));
	}

	@ExceptionHandler(MissingRequestHeaderException.class)
	ResponseEntity<ApiError> missingHeader(MissingRequestHeaderException ex) {
		return respond(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "header " + ex.getHeaderName() + " is required",
				Map.of("header", ex.getHeaderName()));
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ResponseEntity<ApiError> noRoute(NoResourceFoundException ex) {
		return respond(HttpStatus.NOT_FOUND, "NOT_FOUND", "no such route: /" + ex.getResourcePath(), Map.of());
	}

	/** Without static resource mappings (a process not running the dashboard) an unknown path ends here. */
	@ExceptionHandler(NoHandlerFoundException.class)
	ResponseEntity<ApiError> noHandler(NoHandlerFoundException ex) {
		return respond(HttpStatus.NOT_FOUND, "NOT_FOUND", "no such route: " + ex.getRequestURL(), Map.of());
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException ex) {
		return respond(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
				"method " + ex.getMethod() + " is not allowed here", Map.of());
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException ex) {
		return respond(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
				"send the request body as application/json", Map.of());
	}

	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	ResponseEntity<ApiError> notAcceptable(HttpMediaTypeNotAcceptableException ex) {
		return respond(HttpStatus.NOT_ACCEPTABLE, "NOT_ACCEPTABLE", "responses are application/json", Map.of());
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ApiError> unexpected(Exception ex) {
		log.error("Unexpected error", ex);
		return respond(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "internal error; quote the correlation id",
				Map.of());
	}

	private static ResponseEntity<ApiError> respond(HttpStatus status, String code, String message,
			Map<String, ?> details) {
		if (status.is4xxClientError()) {
			log.warn("{} {}: {}", status.value(), code, message);
		}
		return ResponseEntity.status(status)
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.body(ApiError.of(code, message, details));
	}

}
