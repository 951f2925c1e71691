/**
 * Text exactly as Patroni's Python writes it, in one place for every module that has to match its bytes: DCS values,
 * REST bodies, {@code patroni.dynamic.json} and patronictl's output. {@link io.jpatroni.pycompat.PyJson} is
 * {@code json.dumps} (both separator styles Patroni uses, {@code ensure_ascii}), {@link io.jpatroni.pycompat.PyFloat}
 * is {@code repr(float)}, {@link io.jpatroni.pycompat.PyStr} is {@code str()},
 * {@link io.jpatroni.pycompat.PyTime} covers the {@code datetime} formats, and {@link io.jpatroni.pycompat.PyTruth}
 * how a JSON or YAML value counts as true. No dependencies.
 */
package io.jpatroni.pycompat;
