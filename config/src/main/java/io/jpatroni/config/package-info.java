/** jpatroni config module. */
package io.jpatroni.config;
