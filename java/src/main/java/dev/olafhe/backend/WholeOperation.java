package dev.olafhe.backend;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link Backend} method as a whole operation: its default composes the fine primitives, and a backend may
 * implement it natively. {@link CountingBackend} can expand it into the primitives of its default composition.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WholeOperation {
}
