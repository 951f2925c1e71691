/** jpatroni postgres module. */
package io.jpatroni.postgres;
