package io.losseval;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class users may rely on: its name, package and public members keep their meaning across
 * releases of this version line, and a change to them is announced in the changelog. Every other
 * class is the project's own, even where Java makes it {@code public} so that another of the
 * project's packages can reach it. {@code docs/api.md} lists the marked classes, and a test checks
 * that the list and the marks agree.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface PublicApi {}
