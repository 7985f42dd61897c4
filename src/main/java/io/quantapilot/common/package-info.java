/**
 * Shared kernel: the error taxonomy and the platform settings every module reads (data and log
 * directories, roles). Holds no business logic and depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.quantapilot.common;
