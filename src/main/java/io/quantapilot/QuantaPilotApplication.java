package io.quantapilot;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The Spring application: every module under {@code io.quantapilot} is an application module
 * (DESIGN §3). Started by the {@code server} and {@code run} commands of {@link QuantaPilot}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@org.springframework.scheduling.annotation.EnableAsync
public class QuantaPilotApplication {

}
