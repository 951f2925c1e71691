/** jpatroni dcs module. */
package io.jpatroni.dcs;
