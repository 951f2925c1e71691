package io.jpatroni.daemon.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link SlotName#of}: the slot a Patroni leader creates for a member and the {@code primary_slot_name}
 * a Patroni member asks for must be the ones jpatroni computes. Expected values printed by Patroni 3.0.2's own
 * {@code patroni.dcs.slot_name_from_member_name} (4.x has the same function).
 */
class SlotNameTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            node1                   | node1
            Node-2.Example.COM      | node_2_example_com
            db@1                    | dbu00641
            nöde                    | nu0246de
            a😀b                    | au128512b
            Iİ                      | iiu0775
            pg_1 2                  | pg_1u00322
            ΣΑΣ                     | u0963u0945u0962
            """)
    void patroniEncodesWhatIsNotANameCharacter(String member, String slot) {
        assertThat(SlotName.of(member)).isEqualTo(slot);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            node1.rolling-migration.eu-central-1.compute.internal.example.org | node1_rolling_migration_eu_central_1_compute_internal_example_o
            xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx | xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
            aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaau02
            """)
    void aLongNameIsCutToWhatPostgresqlAccepts(String member, String slot) {
        assertThat(SlotName.of(member)).isEqualTo(slot).hasSize(63);
    }
}
