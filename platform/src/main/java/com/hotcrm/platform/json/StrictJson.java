package com.hotcrm.platform.json;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a request body type whose unknown fields are refused: {@code {"nmae": "x"}} is answered
 * VALIDATION_ERROR naming {@code nmae} and the fields the body has, instead of being silently dropped.
 * Responses and events stay lenient (a newer producer may add fields); only what a client sends is strict.
 * See {@link JsonConfig}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StrictJson {
}
