/** jpatroni restapi module. */
package io.jpatroni.restapi;
