/** The provider SPI: what an agent provider implements to be driven by the pipeline. */
@org.springframework.modulith.NamedInterface("spi")
package io.quantapilot.agents.spi;
